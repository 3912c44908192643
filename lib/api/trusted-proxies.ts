// TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For entries are believed (lib/api/client-address.ts).
import { BlockList, isIP } from "node:net";

export type TrustedProxies = { size: number; has(address: string): boolean };

/** Parses TRUSTED_PROXIES: addresses and CIDR ranges, separated by commas or spaces. Throws naming a bad entry. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (value ?? "").split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address);
    const prefix = Number(bits);
    if (!family || extra !== undefined || (bits !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === 4 ? 32 : 128)))) {
      throw new Error(`"${entry}" is not an IP address or CIDR range (such as 10.0.0.0/8 or ::1)`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return {
    size: entries.length,
    has(address) {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}
