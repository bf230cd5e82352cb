/**
 * Windows time zone names of IANA zones, for Azure services that take only Windows names (Logic Apps'
 * Recurrence trigger and `convertFromUtc`). One zone per line; a zone missing here is reported as a
 * config problem, never guessed.
 *
 * Source: Unicode CLDR `common/supplemental/windowsZones.xml`, the territory "001" (default) mapping of
 * each Windows zone, plus the territory mappings for zones that are not a Windows zone's default
 * (e.g. Europe/Amsterdam -> W. Europe Standard Time). Read 2026-11-30 as reproduced by Go's time
 * package tests (W. Europe Standard Time = Europe/Berlin, Eastern Standard Time = America/New_York);
 * the other rows were not re-read.
 */
export const WINDOWS_ZONES_SOURCE = {
  url: "https://github.com/unicode-org/cldr/blob/main/common/supplemental/windowsZones.xml",
  date: "2026-11-30",
} as const;

/** IANA zone -> Windows zone. */
export const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  UTC: "UTC",
  "Etc/UTC": "UTC",
  "Europe/London": "GMT Standard Time",
  "Europe/Dublin": "GMT Standard Time",
  "Europe/Lisbon": "GMT Standard Time",
  "Europe/Berlin": "W. Europe Standard Time",
  "Europe/Amsterdam": "W. Europe Standard Time",
  "Europe/Zurich": "W. Europe Standard Time",
  "Europe/Vienna": "W. Europe Standard Time",
  "Europe/Rome": "W. Europe Standard Time",
  "Europe/Stockholm": "W. Europe Standard Time",
  "Europe/Oslo": "W. Europe Standard Time",
  "Europe/Paris": "Romance Standard Time",
  "Europe/Madrid": "Romance Standard Time",
  "Europe/Brussels": "Romance Standard Time",
  "Europe/Copenhagen": "Romance Standard Time",
  "Europe/Warsaw": "Central European Standard Time",
  "Europe/Prague": "Central Europe Standard Time",
  "Europe/Budapest": "Central Europe Standard Time",
  "Europe/Helsinki": "FLE Standard Time",
  "Europe/Athens": "GTB Standard Time",
  "America/New_York": "Eastern Standard Time",
  "America/Toronto": "Eastern Standard Time",
  "America/Chicago": "Central Standard Time",
  "America/Denver": "Mountain Standard Time",
  "America/Phoenix": "US Mountain Standard Time",
  "America/Los_Angeles": "Pacific Standard Time",
  "America/Sao_Paulo": "E. South America Standard Time",
  "Asia/Tokyo": "Tokyo Standard Time",
  "Asia/Singapore": "Singapore Standard Time",
  "Asia/Kolkata": "India Standard Time",
  "Asia/Shanghai": "China Standard Time",
  "Asia/Dubai": "Arabian Standard Time",
  "Australia/Sydney": "AUS Eastern Standard Time",
};

/** The Windows name of an IANA zone, or `undefined` when this table does not have it. */
export function windowsZone(iana: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(WINDOWS_ZONES, iana)
    ? WINDOWS_ZONES[iana]
    : undefined;
}
