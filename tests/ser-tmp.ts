import { StreamingEndpointAssociationProvider } from "../providers/streamingEndpointAssociation";
import { serialize } from "./standins/engine";
serialize(new StreamingEndpointAssociationProvider()).then(({ text }) => {
  require("fs").writeFileSync("/tmp/ser.js", text);
  console.log(text.length);
});
