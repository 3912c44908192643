import type { LookupAddress } from "node:dns";
import { describe, expect, test } from "vitest";
import { blockedAddressReason, blockedHostReason, checkTarget, guardedLookup, isValidHostname, systemResolver, type Resolver } from "./network";
import { EntrypointError } from "./types";

const DENY = { allowPrivateNetwork: false };
const ALLOW = { allowPrivateNetwork: true };

describe("blockedAddressReason", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456:789a::1", "private"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "shared (CGNAT)"],
    ["100.127.255.255", "shared (CGNAT)"],
    ["::ffff:127.0.0.1", "loopback (IPv4-mapped)"],
    ["::ffff:7f00:1", "loopback (IPv4-mapped)"],
    ["0:0:0:0:0:ffff:7f00:1", "loopback (IPv4-mapped)"],
    ["::ffff:10.0.0.1", "private (IPv4-mapped)"],
    ["::ffff:169.254.169.254", "link-local (cloud metadata) (IPv4-mapped)"],
    ["::ffff:0.0.0.0", "unspecified (IPv4-mapped)"],
    ["::ffff:100.64.0.1", "shared (CGNAT) (IPv4-mapped)"],
    ["::ffff:0:7f00:1", "loopback (IPv4-translated)"],
    ["::7f00:1", "reserved (IPv4-compatible)"],
    ["64:ff9b::7f00:1", "loopback (NAT64)"],
    ["64:ff9b::10.0.0.1", "private (NAT64)"],
    ["2002:7f00:1::", "loopback (6to4)"],
    ["2002:a9fe:a9fe::1", "link-local (cloud metadata) (6to4)"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["2001:db8::1", "reserved (documentation)"],
    ["100::1", "reserved"],
  ])("%s is %s", (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  test.each(["8.8.8.8", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1", "169.253.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"])(
    "%s is public",
    (address) => {
      expect(blockedAddressReason(address)).toBeNull();
    },
  );

  test("something that is not an address is not judged here", () => {
    expect(blockedAddressReason("example.com")).toBeNull();
    expect(blockedAddressReason("256.1.1.1")).toBeNull();
  });
});

describe("blockedHostReason, on hosts as the URL parser gives them", () => {
  const host = (url: string) => new URL(url).hostname;

  test.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://017700000001/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://0300.0250.0.1/", "192.168.0.1"],
    ["http://[::ffff:127.0.0.1]/", "[::ffff:7f00:1]"],
  ])("%s is parsed as %s and refused", (url, normalized) => {
    expect(host(url)).toBe(normalized);
    expect(blockedHostReason(host(url))).not.toBeNull();
  });

  test.each(["localhost", "LOCALHOST", "localhost.", "api.localhost", "a.b.localhost", "metadata.google.internal", "metadata.google.internal."])("%s is a local host name", (name) => {
    expect(blockedHostReason(host(`http://${name}/`))).toBe("local host name");
  });

  test("a numeric name the URL parser left alone is refused too", () => {
    expect(blockedHostReason("0x7f.1")).toBe("numeric host name");
  });

  test.each(["example.com", "127.0.0.1.example.com", "localhost.example.com", "93.184.216.34", "[2606:4700::1111]"])("%s passes the literal check", (h) => {
    expect(blockedHostReason(h)).toBeNull();
  });
});

test("isValidHostname", () => {
  for (const ok of ["example.com", "a-b.example.com", "_dmarc.example.com", "xn--bcher-kva.de", "intranet", "example.com."]) expect(isValidHostname(ok)).toBe(true);
  for (const bad of ["", "a..b", "-a.com", "a-.com", `${"a".repeat(64)}.com`, `${"a.".repeat(127)}com`]) expect(isValidHostname(bad)).toBe(false);
});

const resolverOf =
  (table: Record<string, string[]>): Resolver =>
  async (name) => {
    const found = table[name];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("checkTarget", () => {
  const resolve = resolverOf({ "public.example": ["93.184.216.34"], "internal.example": ["10.0.0.5"], "mixed.example": ["93.184.216.34", "10.0.0.5"], "v6.example": ["2606:4700::1", "fd00::1"] });

  test("a public name passes", async () => {
    await expect(checkTarget(new URL("https://public.example/x"), { policy: DENY, resolve })).resolves.toBeUndefined();
  });

  test.each(["internal.example", "mixed.example", "v6.example"])("%s resolves to a private address: refused on field url", async (name) => {
    const err = await checkTarget(new URL(`https://${name}/`), { policy: DENY, resolve }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EntrypointError);
    expect((err as EntrypointError).field).toBe("url");
    expect((err as EntrypointError).message).toMatch(/resolves to (10\.0\.0\.5|fd00::1), which is a private address/);
    expect((err as EntrypointError).message).toMatch(/ALLOW_PRIVATE_NETWORK_TARGETS=true/);
  });

  test("a name that does not resolve (yet) passes", async () => {
    await expect(checkTarget(new URL("https://nowhere.example/"), { policy: DENY, resolve })).resolves.toBeUndefined();
  });

  test("a DNS lookup that hangs is given up on", async () => {
    const hang: Resolver = () => new Promise(() => {});
    const started = Date.now();
    await expect(checkTarget(new URL("https://slow.example/"), { policy: DENY, resolve: hang, dnsTimeoutMs: 50 })).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("an invalid host name is refused whatever the policy", async () => {
    for (const policy of [DENY, ALLOW]) {
      await expect(checkTarget(new URL("http://a..b/"), { policy, resolve })).rejects.toThrow('could not resolve host "a..b": not a valid host name');
    }
  });

  test("with allowPrivateNetwork nothing is resolved or refused", async () => {
    const explode: Resolver = () => {
      throw new Error("must not be called");
    };
    for (const url of ["http://127.0.0.1/", "http://localhost/", "http://internal.example/", "http://[::1]:8080/"]) {
      await expect(checkTarget(new URL(url), { policy: ALLOW, resolve: explode })).resolves.toBeUndefined();
    }
  });
});

describe("guardedLookup (the connection's own DNS lookup)", () => {
  type Answer = { err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };
  const lookup = (policy: typeof DENY, resolve: Resolver, hostname: string, options: object) =>
    new Promise<Answer>((done) => guardedLookup(policy, resolve)(hostname, options, (err, address, family) => done({ err, address, family })));
  const resolve = resolverOf({ "public.example": ["93.184.216.34", "2606:4700::1"], "internal.example": ["93.184.216.34", "10.0.0.5"] });

  test("answers in both shapes node:net asks for", async () => {
    expect(await lookup(DENY, resolve, "public.example", {})).toEqual({ err: null, address: "93.184.216.34", family: 4 });
    expect(await lookup(DENY, resolve, "public.example", { family: 6 })).toEqual({ err: null, address: "2606:4700::1", family: 6 });
    expect((await lookup(DENY, resolve, "public.example", { all: true })).address).toEqual([
      { address: "93.184.216.34", family: 4 },
      { address: "2606:4700::1", family: 6 },
    ]);
  });

  test("refuses a name with any private address", async () => {
    const { err } = await lookup(DENY, resolve, "internal.example", { all: true });
    expect(err).toBeInstanceOf(EntrypointError);
    expect(err?.message).toMatch(/"internal.example" resolves to 10.0.0.5, which is a private address/);
  });

  test('refuses "localhost" resolved by the system (offline: /etc/hosts)', async () => {
    const { err } = await lookup(DENY, systemResolver, "localhost", { all: true });
    expect(err).toBeInstanceOf(EntrypointError);
    expect(err?.message).toMatch(/"localhost" resolves to (127\.0\.0\.1|::1), which is a loopback address/);
  });

  test("with allowPrivateNetwork it only resolves", async () => {
    expect((await lookup(ALLOW, resolve, "internal.example", { all: true })).err).toBeNull();
  });

  test("passes a DNS failure on", async () => {
    expect((await lookup(DENY, resolve, "nowhere.example", {})).err?.code).toBe("ENOTFOUND");
  });
});
