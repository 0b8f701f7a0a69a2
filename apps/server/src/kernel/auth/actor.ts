/** Who is calling: resolved once per request from the session cookie. */
export type Actor = {
  userId: string;
  username: string;
  displayName: string;
  orgId: string;
  sessionIdHash: string;
  mfaEnabled: boolean;
  mfaPassed: boolean;
  /** Holds at least one role grant, so MFA is mandatory. */
  isOfficer: boolean;
  reauthAt: Date | null;
  ip: string;
};

/** Actor for system work (jobs, CLI) that is not a person. */
export type SystemActor = { system: true; label: string };
