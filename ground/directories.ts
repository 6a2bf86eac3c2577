/**
 * What AWS Directory Service and WorkSpaces allow of the lab's directory and of the users a
 * WorkSpace is launched for. Pure functions; the component and the stack configuration both judge
 * with them.
 */
import type { LabDirectoryType } from "./defaults";

/** Why a lab directory of this kind cannot take this size, or undefined when it can. */
export function labDirectorySizeProblem(
  type: LabDirectoryType,
  size: string | undefined,
): string | undefined {
  return type === "MicrosoftAD" && size !== undefined
    ? "applies to Simple AD only; a Microsoft AD is sized by its edition (Standard here)"
    : undefined;
}

/** The longest user name WorkSpaces' own API takes (CreateWorkspaces' UserName). */
export const WORKSPACES_USER_NAME_MAX = 63;
/**
 * An AD logon name (sAMAccountName) is at most 20 characters (Microsoft's Active Directory schema),
 * in Simple AD and AWS Managed Microsoft AD alike.
 */
export const AD_LOGON_NAME_MAX = 20;
/** Characters Active Directory does not allow in a logon name (sAMAccountName). */
const USER_NAME_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/;
/** What Directory Service Data's CreateUser takes as a user name (its API model). */
const DS_DATA_USER_NAME = /^[\w\-.]+$/;

/**
 * Why a user name cannot be a WorkSpace's, whatever the directory, or undefined. Its length is
 * judged with the directory it is for (directoryUserNameProblem): the limit differs, and a message
 * that gives the wrong one takes two fixes.
 */
export function userNameProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'is empty; name a user of the directory, e.g. "jdoe"';
  }
  if (name.trim() !== name) {
    return "has leading or trailing spaces; write the logon name alone";
  }
  if (USER_NAME_FORBIDDEN.test(name)) {
    return 'is not a logon name: drop the domain and any of " / \\ [ ] : ; | = , + * ? < > @';
  }
  return undefined;
}

/**
 * Why the directory a WorkSpace is for cannot hold a user of this name, or undefined: the lab's
 * (`labType`), whose users sign in with an AD logon name; or one you have (undefined: its kind is
 * not known here, so both limits that may apply are said, and one fix is enough).
 */
export function directoryUserNameProblem(
  name: string,
  labType: LabDirectoryType | undefined,
): string | undefined {
  if (labType === undefined) {
    return name.length > WORKSPACES_USER_NAME_MAX
      ? `has ${name.length} characters; WorkSpaces takes at most ${WORKSPACES_USER_NAME_MAX}, and a user of an Active Directory (AD Connector, AWS Managed Microsoft AD, Simple AD) at most ${AD_LOGON_NAME_MAX} (the pre-Windows 2000 logon name): use that user's logon name`
      : undefined;
  }
  const lab = labType === "SimpleAD" ? "the lab's Simple AD" : "the lab's Microsoft AD";
  if (name.length > AD_LOGON_NAME_MAX) {
    return `has ${name.length} characters; a user of ${lab} signs in with its pre-Windows 2000 logon name (sAMAccountName), at most ${AD_LOGON_NAME_MAX} characters: use a shorter user name`;
  }
  if (labType === "MicrosoftAD" && !DS_DATA_USER_NAME.test(name)) {
    return `has characters that aws ds-data create-user does not take for ${lab} (letters, digits, "_", "-" and "." only): e.g. ${JSON.stringify(name.replace(/[^\w\-.]/g, "."))}`;
  }
  return undefined;
}

/**
 * Password rules of AWS Directory Service, Simple AD and Microsoft AD alike: 8 to 64 characters,
 * three of the four character classes, and not the word "admin". Returns the problem, never the value.
 */
export function checkDirectoryPassword(password: string): string | undefined {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 8 || password.length > 64) {
    return `(secret) must be 8 to 64 characters long (it has ${password.length})`;
  }
  if (classes < 3) {
    return "(secret) must mix three of: lower case, upper case, digits, symbols";
  }
  if (/admin/i.test(password)) {
    return '(secret) must not contain the word "admin"';
  }
  return undefined;
}
