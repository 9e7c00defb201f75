/**
 * IP address parsing and classification for the outbound guard. Pure functions: no DNS, no I/O.
 * Addresses are held as bigints (32 bits for IPv4, 128 for IPv6) so CIDR checks are one mask.
 * IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are classified by the
 * address they embed, so `::ffff:127.0.0.1` is loopback just like `127.0.0.1`.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface ParsedAddress {
  family: 4 | 6;
  value: bigint;
}

/** Why an address is not an ordinary public one. `public` is the only class allowed by default. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'unique_local'
  | 'metadata'
  | 'multicast'
  | 'reserved'
  | 'documentation';

/** Parses a canonical IPv4 or IPv6 literal (brackets and zone ids tolerated); undefined otherwise. */
export function parseAddress(text: string): ParsedAddress | undefined {
  let input = text.trim();
  if (input.startsWith('[') && input.endsWith(']')) input = input.slice(1, -1);
  const zone = input.indexOf('%');
  if (zone >= 0) input = input.slice(0, zone);
  if (isIPv4(input)) return { family: 4, value: parseIPv4(input) };
  if (isIPv6(input)) return { family: 6, value: parseIPv6(input) };
  return undefined;
}

function parseIPv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseIPv6(text: string): bigint {
  let head = text;
  let tailWords: number[] = [];
  // A trailing dotted quad (::ffff:1.2.3.4) becomes the last two 16-bit words.
  const lastColon = head.lastIndexOf(':');
  const maybeV4 = head.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const v4 = Number(parseIPv4(maybeV4));
    tailWords = [(v4 >>> 16) & 0xffff, v4 & 0xffff];
    head = head.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left = '', right] = head.split('::') as [string, string | undefined];
  const words = (part: string) =>
    part === '' ? [] : part.split(':').map((word) => Number.parseInt(word, 16));
  const leftWords = words(left);
  const rightWords = right === undefined ? [] : words(right);
  const missing = 8 - tailWords.length - leftWords.length - rightWords.length;
  const all = [
    ...leftWords,
    ...(right === undefined ? [] : new Array<number>(missing).fill(0)),
    ...rightWords,
    ...tailWords,
  ];
  return all.reduce((acc, word) => (acc << 16n) | BigInt(word), 0n);
}

export function formatAddress(address: ParsedAddress): string {
  if (address.family === 4) {
    const value = Number(address.value);
    return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
  }
  const words: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n)
    words.push(((address.value >> shift) & 0xffffn).toString(16));
  return words.join(':');
}

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

/** Parses `10.0.0.0/8`, `::1/128` or a bare address (a /32 or /128). Throws on nonsense. */
export function parseCidr(text: string): Cidr {
  const [addressText = '', prefixText] = text.split('/');
  const address = parseAddress(addressText);
  if (!address) throw new Error(`Not an IP address or CIDR: ${text}`);
  const bits = address.family === 4 ? 32 : 128;
  const prefix =
    prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= bits)) throw new Error(`Bad prefix length in ${text}`);
  return { family: address.family, base: address.value & mask(bits, prefix), prefix };
}

function mask(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return prefix === 0 ? 0n : (all >> BigInt(bits - prefix)) << BigInt(bits - prefix);
}

export function cidrContains(cidr: Cidr, address: ParsedAddress): boolean {
  const candidate = cidr.family === address.family ? address : embeddedIPv4(address);
  if (!candidate || candidate.family !== cidr.family) return false;
  const bits = cidr.family === 4 ? 32 : 128;
  return (candidate.value & mask(bits, cidr.prefix)) === cidr.base;
}

/** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. */
export function embeddedIPv4(address: ParsedAddress): ParsedAddress | undefined {
  if (address.family === 4) return undefined;
  const value = address.value;
  const low32 = value & 0xffffffffn;
  if (value >> 32n === 0xffffn) return { family: 4, value: low32 }; // ::ffff:a.b.c.d
  if (value >> 32n === 0n && low32 > 1n) return { family: 4, value: low32 }; // ::a.b.c.d (deprecated)
  if (value >> 32n === 0x0064ff9b0000000000000000n) return { family: 4, value: low32 }; // 64:ff9b::/96
  if (value >> 112n === 0x2002n) return { family: 4, value: (value >> 80n) & 0xffffffffn }; // 6to4
  return undefined;
}

const table: Array<[string, AddressClass]> = [
  // Cloud metadata endpoints first: they sit inside broader ranges but deserve their own name.
  ['169.254.169.254/32', 'metadata'], // AWS, GCP, Azure, OpenStack, DigitalOcean...
  ['169.254.170.2/32', 'metadata'], // AWS ECS task metadata
  ['100.100.100.200/32', 'metadata'], // Alibaba Cloud
  ['168.63.129.16/32', 'metadata'], // Azure wire server (a public-looking address)
  ['fd00:ec2::254/128', 'metadata'], // AWS IMDS over IPv6
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['100::/64', 'reserved'],
  ['2001:db8::/32', 'documentation'],
  ['2001::/32', 'reserved'], // Teredo: tunnels to arbitrary IPv4
  ['fc00::/7', 'unique_local'],
  ['fe80::/10', 'link_local'],
  ['fec0::/10', 'link_local'], // deprecated site-local
  ['ff00::/8', 'multicast'],
];
const ranges = table.map(([cidr, kind]) => ({ cidr: parseCidr(cidr), kind }));

/** Classifies an address; IPv6 forms that embed IPv4 are judged by the embedded address. */
export function classifyAddress(address: ParsedAddress): AddressClass {
  const embedded = embeddedIPv4(address);
  if (embedded) return classifyAddress(embedded);
  for (const { cidr, kind } of ranges) {
    if (cidr.family === address.family && cidrContains(cidr, address)) return kind;
  }
  return 'public';
}
