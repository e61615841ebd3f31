using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // One interface's IPv4-to-MAC table (RFC 826). An entry is either
    // resolved (with an expiry) or in flight (a request sent, packets for
    // that address queued, retried a few times, then given up on).
    public sealed class ArpCache
    {
        public const long LifetimeMs = 60_000;
        public const long RetryMs = 1_000;
        public const int MaxTries = 3;
        public const int MaxPending = 48;   // room for the 45 fragments of a 64 KiB datagram
        public const int MaxEntries = 256;

        internal sealed class Entry
        {
            public uint Ip;
            public ulong Mac;
            public bool Resolved;
            public long Expires;     // resolved: when it is forgotten
            public long NextRetry;   // in flight: when the request is sent again
            public int Tries;
            public readonly List<byte[]> Pending = new List<byte[]>();
            public readonly List<int> PendingLength = new List<int>();
        }

        private readonly Dictionary<uint, Entry> _entries = new Dictionary<uint, Entry>();

        public int Count => _entries.Count;

        public bool TryLookup(uint ip, long now, out ulong mac)
        {
            mac = 0;
            if (!_entries.TryGetValue(ip, out Entry? e) || !e.Resolved || e.Expires <= now)
                return false;
            mac = e.Mac;
            return true;
        }

        public bool Contains(uint ip) => _entries.ContainsKey(ip);

        // The in-flight entry for ip, created if new (evicting the entry that
        // expires first when the table is full). Fresh tells the caller to
        // send the first request.
        internal Entry Start(uint ip, long now, out bool fresh)
        {
            fresh = false;
            if (_entries.TryGetValue(ip, out Entry? e))
            {
                if (e.Resolved && e.Expires <= now)
                {
                    e.Resolved = false;
                    e.Tries = 1;
                    e.NextRetry = now + RetryMs;
                    fresh = true;
                }
                return e;
            }
            if (_entries.Count >= MaxEntries)
                EvictOne();
            e = new Entry { Ip = ip, Tries = 1, NextRetry = now + RetryMs };
            _entries[ip] = e;
            fresh = true;
            return e;
        }

        // Records ip at mac. Create is false for what RFC 826 calls the merge
        // case only (a packet not addressed to us may refresh, never add).
        // Returns the entry whose queued packets may now go, or null.
        internal Entry? Update(uint ip, ulong mac, long now, bool create)
        {
            if (!_entries.TryGetValue(ip, out Entry? e))
            {
                if (!create)
                    return null;
                if (_entries.Count >= MaxEntries)
                    EvictOne();
                e = new Entry { Ip = ip };
                _entries[ip] = e;
            }
            e.Mac = mac;
            e.Resolved = true;
            e.Expires = now + LifetimeMs;
            e.Tries = 0;
            return e;
        }

        public void Remove(uint ip) => _entries.Remove(ip);

        // Drops expired entries; returns in-flight entries due for another
        // request in retry, and counts the packets of abandoned ones.
        internal int Expire(long now, List<Entry> retry, NetStats stats)
        {
            List<uint>? dead = null;
            foreach (var kv in _entries)
            {
                Entry e = kv.Value;
                if (e.Resolved)
                {
                    if (e.Expires <= now)
                    {
                        (dead ??= new List<uint>()).Add(e.Ip);
                        stats.ArpExpired++;
                    }
                }
                else if (e.NextRetry <= now)
                {
                    if (e.Tries >= MaxTries)
                    {
                        (dead ??= new List<uint>()).Add(e.Ip);
                        stats.ArpUnresolved++;
                        stats.ArpPendingDropped += e.Pending.Count;
                    }
                    else
                    {
                        e.Tries++;
                        e.NextRetry = now + RetryMs;
                        retry.Add(e);
                    }
                }
            }
            if (dead == null)
                return 0;
            for (int i = 0; i < dead.Count; i++)
                _entries.Remove(dead[i]);
            return dead.Count;
        }

        internal long NextTimer()
        {
            long t = long.MaxValue;
            foreach (var kv in _entries)
                t = Math.Min(t, kv.Value.Resolved ? kv.Value.Expires : kv.Value.NextRetry);
            return t;
        }

        private void EvictOne()
        {
            uint victim = 0;
            long soonest = long.MaxValue;
            bool found = false;
            foreach (var kv in _entries)
            {
                long when = kv.Value.Resolved ? kv.Value.Expires : kv.Value.NextRetry;
                if (!found || when < soonest)
                {
                    victim = kv.Key;
                    soonest = when;
                    found = true;
                }
            }
            if (found)
                _entries.Remove(victim);
        }
    }
}
