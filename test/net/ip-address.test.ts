import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  cidrContains,
  embeddedIPv4,
  formatAddress,
  parseAddress,
  parseCidr,
} from '../../src/net/ip-address.ts';

function classify(text: string) {
  const address = parseAddress(text);
  if (!address) throw new Error(`unparsed ${text}`);
  return classifyAddress(address);
}

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['169.254.1.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    // IPv6 forms embedding IPv4 are judged by the embedded address.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link_local'],
  ])('%s is %s', (text, expected) => {
    expect(classify(text)).toBe(expected);
  });

  it('refuses to parse hostnames and non-canonical forms', () => {
    for (const text of ['example.com', '0177.0.0.1', '2130706433', '1.2.3', '::ffff:1.2.3', '']) {
      expect(parseAddress(text)).toBeUndefined();
    }
  });

  it('round-trips through formatAddress', () => {
    expect(formatAddress(parseAddress('192.168.0.10')!)).toBe('192.168.0.10');
    expect(formatAddress(parseAddress('fd00:ec2::254')!)).toBe('fd00:ec2:0:0:0:0:0:254');
    expect(formatAddress(embeddedIPv4(parseAddress('::ffff:169.254.169.254')!)!)).toBe('169.254.169.254');
  });
});

describe('CIDR', () => {
  it('matches prefixes, including IPv4 ranges against IPv4-mapped IPv6', () => {
    const loopback = parseCidr('127.0.0.0/8');
    expect(cidrContains(loopback, parseAddress('127.9.9.9')!)).toBe(true);
    expect(cidrContains(loopback, parseAddress('128.0.0.1')!)).toBe(false);
    expect(cidrContains(loopback, parseAddress('::ffff:127.0.0.1')!)).toBe(true);
    expect(cidrContains(parseCidr('::1'), parseAddress('::1')!)).toBe(true);
    expect(cidrContains(parseCidr('::1'), parseAddress('::2')!)).toBe(false);
    expect(cidrContains(parseCidr('0.0.0.0/0'), parseAddress('8.8.8.8')!)).toBe(true);
  });

  it('rejects malformed ranges', () => {
    for (const text of ['10.0.0.0/33', 'nonsense/8', '10.0.0.0/', '10.0.0.0/x', '::/129']) {
      expect(() => parseCidr(text)).toThrow();
    }
  });
});
