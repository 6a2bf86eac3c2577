/**
 * Which resources of an earlier deployment a program's registrations claim, by URN or by alias,
 * as the Pulumi engine decides it: a URN no registration claims is deleted by the next `up` (and
 * whatever replaced it is created anew). A port of the engine's step generator
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go: collapseAliasToUrn, inheritedChildAlias,
 * generateAliases, getOldResource) and of its URN functions (sdk/go/common/resource/alias.go
 * CreateURN, urn.New), for the registrations the mocks recorded. Not an engine: it answers only
 * "which old URN does each new resource take over?".
 */
import type { RecordedAlias, RecordedResource } from "./mockProgram";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
function parts(urn: string): { qualifiedType: string; type: string; name: string } {
  const [, , qualifiedType, ...name] = urn.split("::");
  return { qualifiedType, type: qualifiedType.split("$").pop()!, name: name.join("::") };
}

/** urn.New: the type qualified by the parent's qualified type, unless the parent is the stack. */
function newUrn(stack: string, project: string, parentType: string, type: string, name: string): string {
  const qualified = parentType !== "" && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** resource.CreateURN: a URN under a parent URN, or at the root when there is none. */
function createUrn(name: string, type: string, parent: string, project: string, stack: string): string {
  const prefix =
    parent === "" ? `urn:pulumi:${stack}::${project}::` : `${parent.slice(0, parent.lastIndexOf("::"))}$`;
  return `${prefix}${type}::${name}`;
}

export interface Claims {
  /** Old URN -> the URN of the registration that takes it over. */
  readonly claimedBy: Map<string, string>;
  /** Old URNs no registration takes over: the next `up` deletes them. */
  readonly unclaimed: string[];
  /** Old URNs two registrations claim: the engine refuses the update. */
  readonly contested: string[];
}

/**
 * Goes through the registrations in the order they were made (a parent before its children, as
 * the engine sees them) and finds, for each, the old resource it is: its own URN first, then its
 * aliases, then the aliases its parent's old URN gives it.
 */
export function claimOldUrns(
  registered: readonly RecordedResource[],
  oldUrns: readonly string[],
  stack: string,
  project: string,
): Claims {
  const olds = new Set(oldUrns);
  /** New URN -> the old URN it matched through an alias (the engine's sg.aliases). */
  const matchedAlias = new Map<string, string>();
  const claimedBy = new Map<string, string>();
  const contested: string[] = [];

  const collapse = (r: RecordedResource, alias: RecordedAlias): string => {
    if (alias.urn) {
      return alias.urn;
    }
    let parent = alias.parentUrn ?? r.parent;
    if (alias.parentUrn !== undefined && matchedAlias.has(alias.parentUrn)) {
      parent = matchedAlias.get(alias.parentUrn)!;
    }
    if (alias.noParent || (parent !== "" && parts(parent).qualifiedType === ROOT_STACK_TYPE)) {
      parent = "";
    }
    return createUrn(alias.name ?? r.name, alias.type ?? r.type, parent, project, stack);
  };
  const inherited = (childType: string, childName: string, parentName: string, parentAlias: string) => {
    const aliasName = childName.startsWith(parentName)
      ? parts(parentAlias).name + childName.slice(parentName.length)
      : childName;
    return newUrn(stack, project, parts(parentAlias).qualifiedType, childType, aliasName);
  };

  for (const r of registered) {
    const aliases = new Set(r.aliasSpecs.map((a) => collapse(r, a)));
    const parentAlias = r.parent === "" ? undefined : matchedAlias.get(r.parent);
    if (parentAlias !== undefined) {
      const parentName = parts(r.parent).name;
      aliases.add(inherited(r.type, r.name, parentName, parentAlias));
      for (const alias of r.aliasSpecs) {
        const child = parts(collapse(r, alias));
        aliases.add(inherited(child.type, child.name, parentName, parentAlias));
      }
    }
    for (const candidate of [r.urn, ...aliases]) {
      if (!olds.has(candidate)) {
        continue;
      }
      if (claimedBy.has(candidate)) {
        contested.push(candidate);
      }
      claimedBy.set(candidate, r.urn);
      if (candidate !== r.urn) {
        matchedAlias.set(r.urn, candidate);
      }
      break;
    }
  }
  return {
    claimedBy,
    unclaimed: oldUrns.filter((urn) => !claimedBy.has(urn)),
    contested,
  };
}
