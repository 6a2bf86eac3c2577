/**
 * Drives a dynamic provider the way the Pulumi engine does, without the CLI: the provider is
 * serialized with `pulumi.runtime.serializeFunction`, loaded back from that text with
 * require-from-string (as the dynamic provider host does), configured with the stack config, then
 * called in the engine's order: check, diff, then create / update / replace, read on refresh,
 * delete on destroy. Inputs and state carry `__provider` as they do in a real stack.
 */
import * as pulumi from "@pulumi/pulumi";
import requireFromString from "require-from-string";

type Bag = Record<string, unknown>;
type Provider = pulumi.dynamic.ResourceProvider<Bag, Bag>;

export interface Serialized {
  readonly text: string;
  readonly containsSecrets: boolean;
}

export async function serialize(provider: object): Promise<Serialized> {
  const result = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return { text: result.text, containsSecrets: result.containsSecrets };
}

/** Loads a serialized provider as the dynamic provider host does, and configures it. */
export async function load(text: string, config: Record<string, string> = {}): Promise<Provider> {
  const provider = (requireFromString(text) as { handler(): Provider }).handler();
  await provider.configure?.({
    config: { get: (k: string) => config[k], require: (k: string) => config[k] },
  });
  return provider;
}

/**
 * How large the serialized provider may grow, in bytes: Pulumi stores it with every association,
 * so a stack of 50 directories holds 50 copies (about 2.3 MB). It carries the preview's reads (the
 * directory's facts, who a cut-over cuts off) and the account check, which run in the engine with
 * the association's own credentials. The test and the benchmark hold it to this.
 */
export const SERIALIZED_PROVIDER_GUARD = 48 * 1024;

export type Step = "create" | "update" | "replace" | "same";

export class MiniEngine {
  state?: { id: string; inputs: Bag; outputs: Bag };

  constructor(
    readonly provider: Provider,
    private readonly providerText: string,
  ) {}

  static async from(provider: object, config: Record<string, string> = {}): Promise<MiniEngine> {
    const { text } = await serialize(provider);
    return new MiniEngine(await load(text, config), text);
  }

  /** `pulumi up` with these program inputs; returns what the engine decided. */
  async up(programInputs: Bag): Promise<Step> {
    const news = { ...programInputs, __provider: this.providerText };
    const checked = await this.provider.check!(this.state?.inputs ?? {}, news);
    if (checked.failures?.length) {
      throw new Error(`check failed: ${checked.failures.map((f) => f.reason).join("; ")}`);
    }
    const inputs = { ...checked.inputs, __provider: this.providerText };
    const create = async () => {
      const created = await this.provider.create(inputs);
      this.state = { id: created.id, inputs, outputs: { ...created.outs, __provider: this.providerText } };
    };
    if (!this.state) {
      await create();
      return "create";
    }
    const diff = await this.provider.diff!(this.state.id, this.state.outputs, inputs);
    if (!diff.changes) {
      return "same";
    }
    if (diff.replaces?.length) {
      const old = this.state;
      await create(); // create before delete, the engine's default
      await this.provider.delete!(old.id, old.outputs);
      return "replace";
    }
    const updated = await this.provider.update!(this.state.id, this.state.outputs, inputs);
    this.state = { id: this.state.id, inputs, outputs: { ...updated.outs, __provider: this.providerText } };
    return "update";
  }

  /** `pulumi refresh`: returns false when the resource is gone. */
  async refresh(): Promise<boolean> {
    const result = await this.provider.read!(this.state!.id, this.state!.outputs);
    if (!result.id) {
      this.state = undefined;
      return false;
    }
    this.state = {
      id: result.id,
      inputs: { ...(result.inputs ?? this.state!.inputs), __provider: this.providerText },
      outputs: { ...result.props, __provider: this.providerText },
    };
    return true;
  }

  /** `pulumi destroy`. */
  async destroy(): Promise<void> {
    await this.provider.delete!(this.state!.id, this.state!.outputs);
    this.state = undefined;
  }
}
