import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Tags, tagged } from "./tags";
import { DEFAULTS } from "../ground/defaults";

/**
 * The Amazon-owned bundle a WorkSpace gets when its entry names none: Windows, streaming with DCV
 * (formerly WSP), the only protocol that streams through the endpoint. Looked up by this name in
 * the stack's region (it is the name the Terraform AWS provider's own tests look up).
 */
export const DEFAULT_BUNDLE_NAME = "Standard with Windows 10 (Server 2022 based) (WSP)";

/** The KMS key WorkSpaces encrypts volumes with when the account brings none: AWS-managed. */
export const WORKSPACES_MANAGED_KEY = "alias/aws/workspaces";

/** A WorkSpace for one user of the directory. */
export interface UserWorkspace {
  /** The user's logon name; the user must exist in the directory. */
  readonly userName: string;
  /** Defaults to the bundle named `defaultBundleName`, owned by Amazon. */
  readonly bundleId?: string;
}

export interface UserWorkspacesArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  /** The registered directory. Pass the registration's output, so no WorkSpace is asked for before it. */
  readonly directoryId: pulumi.Input<string>;
  /** One WorkSpace per user; user names are unique, ignoring case. */
  readonly workspaces: readonly UserWorkspace[];
  /** Defaults to {@link DEFAULT_BUNDLE_NAME}. */
  readonly defaultBundleName?: string;
  /**
   * Minutes after the user disconnects before the WorkSpace stops (AUTO_STOP running mode).
   * Defaults to 60, the shortest AWS allows: a lab should cost nothing while nobody streams.
   */
  readonly autoStopTimeoutMinutes?: number;
}

/** Throws, before anything is registered, on a timeout AWS would refuse (60-minute steps). */
export function requireAutoStopTimeout(component: string, minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < 60 || minutes % 60 !== 0) {
    throw new Error(
      `${component}: autoStopTimeoutMinutes ${minutes} is not a multiple of 60; AWS stops WorkSpaces in 60-minute steps, so use 60, 120, ...`,
    );
  }
}

/**
 * WorkSpaces Personal for users of a registered directory: volumes encrypted with the AWS-managed
 * key, AUTO_STOP running mode, and each WorkSpace's hardware taken from its bundle.
 */
export class UserWorkspaces extends pulumi.ComponentResource {
  /** User name -> WorkSpace ID. */
  readonly workspaceIds: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: UserWorkspacesArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const autoStopTimeoutMinutes = args.autoStopTimeoutMinutes ?? DEFAULTS.autoStopTimeoutMinutes;
    requireAutoStopTimeout(`UserWorkspaces ${name}`, autoStopTimeoutMinutes);
    super("workspaces-privatelink:workspaces:UserWorkspaces", name, {}, opts);
    const child = { parent: this };
    const defaultBundleName = args.defaultBundleName ?? DEFAULT_BUNDLE_NAME;

    // One lookup per distinct bundle. The bundle's compute type and volume sizes are written out
    // because pulumi-aws fills in VALUE, 80 GiB and 10 GiB for any that are left out, whatever
    // the bundle says, and a Standard bundle would then launch as Value.
    const bundles = new Map<string, pulumi.Output<aws.workspaces.GetBundleResult>>();
    const bundleOf = (bundleId: string | undefined) => {
      const key = bundleId ?? `name:${defaultBundleName}`;
      let bundle = bundles.get(key);
      if (!bundle) {
        bundle = aws.workspaces.getBundleOutput(
          bundleId ? { bundleId } : { owner: "AMAZON", name: defaultBundleName },
          child,
        );
        bundles.set(key, bundle);
      }
      return bundle;
    };

    const ids: Record<string, pulumi.Output<string>> = {};
    for (const workspace of args.workspaces) {
      const bundle = bundleOf(workspace.bundleId);
      const created = new aws.workspaces.Workspace(
        `${name}-${workspace.userName.toLowerCase()}`,
        {
          directoryId: args.directoryId,
          bundleId: bundle.id,
          userName: workspace.userName,
          rootVolumeEncryptionEnabled: true,
          userVolumeEncryptionEnabled: true,
          volumeEncryptionKey: WORKSPACES_MANAGED_KEY,
          workspaceProperties: {
            computeTypeName: bundle.computeTypes.apply((types) => types[0].name),
            rootVolumeSizeGib: bundle.rootStorages.apply((storages) => Number(storages[0].capacity)),
            userVolumeSizeGib: bundle.userStorages.apply((storages) => Number(storages[0].capacity)),
            runningMode: "AUTO_STOP",
            runningModeAutoStopTimeoutInMinutes: autoStopTimeoutMinutes,
          },
          tags: { ...tagged(args.tags, `${name}-${workspace.userName}`), user: workspace.userName },
        },
        child,
      );
      ids[workspace.userName] = created.id;
    }

    this.workspaceIds = pulumi.output(ids);
    this.registerOutputs({ workspaceIds: this.workspaceIds });
  }
}
