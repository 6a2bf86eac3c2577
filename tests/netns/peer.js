// A tiny network peer for the namespace tests, run with plain node inside `ip netns exec`.
//   node peer.js serve TCP_PORTS UDP_PORTS [ADDRESSES [KEY_FILE CERT_FILE]]
//                                            listens on each port (of each address) and answers "seen <source address>"
//                                            (over TLS on TCP when given a key and certificate)
//   node peer.js probe HOST [--bind ADDR] proto:port...
//                                            tries each, prints {"tcp:443": "seen 198.51.100.1" | "blocked"}
//   node peer.js tls KEY_FILE CERT_FILE PORT completes TLS handshakes on PORT with that certificate
//   node peer.js silent PORT                 accepts TCP connections on PORT and never says a word
"use strict";
const fs = require("fs");
const net = require("net");
const tls = require("tls");
const dgram = require("dgram");

const TIMEOUT_MS = 1500;
const [mode, ...rest] = process.argv.slice(2);

function ports(list) {
  return list ? list.split(",").filter(Boolean).map(Number) : [];
}

function serve(tcpPorts, udpPorts, addresses, keyFile, certFile) {
  const listening = [];
  const secure =
    keyFile && certFile ? { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) } : undefined;
  for (const address of addresses) {
    for (const port of tcpPorts) {
      const create = secure ? (handler) => tls.createServer(secure, handler) : net.createServer;
      const server = create((socket) => {
        socket.on("error", () => {}); // a prober that resets the connection is no error here
        socket.end(`seen ${socket.remoteAddress}\n`);
      });
      listening.push(new Promise((resolve) => server.listen(port, address, resolve)));
    }
    for (const port of udpPorts) {
      // One socket per address, so an answer leaves from the address it was sent to.
      const socket = dgram.createSocket("udp4");
      socket.on("message", (_msg, from) => socket.send(`seen ${from.address}\n`, from.port, from.address));
      listening.push(new Promise((resolve) => socket.bind(port, address, resolve)));
    }
  }
  Promise.all(listening).then(() => console.log("ready"));
}

function probeTcp(host, port, bind) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, localAddress: bind });
    let answer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve("blocked");
    }, TIMEOUT_MS);
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("end", () => {
      clearTimeout(timer);
      resolve(answer.trim());
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      resolve(`error ${error.code}`);
    });
  });
}

function probeUdp(host, port, bind) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket("udp4");
    const timer = setTimeout(() => {
      socket.close();
      resolve("blocked");
    }, TIMEOUT_MS);
    socket.on("message", (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg.toString().trim());
    });
    socket.bind({ address: bind, port: 0 }, () => socket.send("hello", port, host));
  });
}

async function probe(host, args) {
  let bind;
  const targets = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--bind") {
      bind = args[++i];
    } else {
      targets.push(args[i]);
    }
  }
  const results = await Promise.all(
    targets.map((target) => {
      const [proto, port] = target.split(":");
      return (proto === "tcp" ? probeTcp : probeUdp)(host, Number(port), bind);
    }),
  );
  console.log(JSON.stringify(Object.fromEntries(targets.map((t, i) => [t, results[i]]))));
}

function serveTls(keyFile, certFile, port) {
  const server = tls.createServer(
    { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) },
    (socket) => socket.end(),
  );
  server.listen(Number(port), "0.0.0.0", () => console.log("ready"));
}

function serveSilently(port) {
  const held = [];
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    held.push(socket); // kept open, never written to
  });
  server.listen(Number(port), "0.0.0.0", () => console.log("ready"));
}

if (mode === "serve") {
  serve(ports(rest[0]), ports(rest[1]), rest[2] ? rest[2].split(",") : ["0.0.0.0"], rest[3], rest[4]);
} else if (mode === "tls") {
  serveTls(rest[0], rest[1], rest[2]);
} else if (mode === "silent") {
  serveSilently(rest[0]);
} else if (mode === "probe") {
  probe(rest[0], rest.slice(1));
} else {
  console.error(
    "usage: peer.js serve TCP_PORTS UDP_PORTS | tls KEY CERT PORT | silent PORT | probe HOST [--bind ADDR] proto:port...",
  );
  process.exit(2);
}
