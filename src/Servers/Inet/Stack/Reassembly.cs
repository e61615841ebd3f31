using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // Receive-side IPv4 reassembly (RFC 791, RFC 815's hole idea as a list
    // of received byte ranges). Limits: MaxDatagrams in progress (a new one
    // evicts the oldest), TimeoutMs from the first fragment, 65,515 payload
    // bytes. Overlaps never overwrite: bytes already received win, so a
    // later fragment cannot rewrite a header an earlier one delivered
    // (the teardrop and overlapping-fragment attacks). A last fragment that
    // disagrees with the length already known discards the datagram.
    internal sealed class Reassembly
    {
        public const int MaxDatagrams = 16;
        public const long TimeoutMs = 30_000;
        public const int MaxPayload = 65535 - 20;

        private sealed class Datagram
        {
            public uint Src, Dst;
            public int Id, Protocol;
            public byte[] Data = new byte[0];
            public int Total = -1;
            public long Expires;
            public readonly List<int> Starts = new List<int>();
            public readonly List<int> Ends = new List<int>();
        }

        private readonly List<Datagram> _list = new List<Datagram>();

        public int InProgress => _list.Count;

        // Adds one fragment; true when it completed a datagram, whose payload
        // is then data[0..length).
        public bool Add(uint src, uint dst, int id, int protocol, int offset, bool more,
            ReadOnlySpan<byte> payload, long now, NetStats stats, out byte[] data, out int length)
        {
            data = Array.Empty<byte>();
            length = 0;
            int end = offset + payload.Length;
            if (end > MaxPayload || (more && (payload.Length == 0 || (payload.Length & 7) != 0)))
            {
                stats.IpReassemblyDropped++;
                return false;
            }
            Datagram? d = null;
            for (int i = 0; i < _list.Count; i++)
            {
                Datagram c = _list[i];
                if (c.Src == src && c.Dst == dst && c.Id == id && c.Protocol == protocol)
                {
                    d = c;
                    break;
                }
            }
            if (d == null)
            {
                if (_list.Count >= MaxDatagrams)
                {
                    _list.RemoveAt(0);
                    stats.IpReassemblyDropped++;
                }
                d = new Datagram { Src = src, Dst = dst, Id = id, Protocol = protocol, Expires = now + TimeoutMs };
                _list.Add(d);
            }
            int highest = d.Ends.Count == 0 ? 0 : d.Ends[d.Ends.Count - 1];
            bool inconsistent = !more ? (d.Total >= 0 && d.Total != end) || highest > end
                : d.Total >= 0 && end > d.Total;
            if (inconsistent)
            {
                _list.Remove(d);
                stats.IpReassemblyDropped++;
                return false;
            }
            if (!more)
                d.Total = end;
            if (d.Data.Length < end)
            {
                int size = Math.Max(end, Math.Min(MaxPayload, d.Data.Length * 2));
                var grown = new byte[size];
                new ReadOnlySpan<byte>(d.Data).CopyTo(grown);
                d.Data = grown;
            }
            // Copy only into the gaps between ranges already received.
            int pos = offset;
            bool overlap = false;
            for (int i = 0; i < d.Starts.Count && pos < end; i++)
            {
                if (d.Ends[i] <= pos)
                    continue;
                if (d.Starts[i] >= end)
                    break;
                overlap = true;
                if (d.Starts[i] > pos)
                    payload.Slice(pos - offset, d.Starts[i] - pos).CopyTo(new Span<byte>(d.Data, pos, d.Starts[i] - pos));
                pos = Math.Max(pos, d.Ends[i]);
            }
            if (pos < end)
                payload.Slice(pos - offset, end - pos).CopyTo(new Span<byte>(d.Data, pos, end - pos));
            if (overlap)
                stats.IpOverlaps++;
            AddRange(d, offset, end);
            if (d.Total >= 0 && d.Starts.Count == 1 && d.Starts[0] == 0 && d.Ends[0] == d.Total)
            {
                _list.Remove(d);
                data = d.Data;
                length = d.Total;
                stats.IpReassembled++;
                return true;
            }
            return false;
        }

        private static void AddRange(Datagram d, int start, int end)
        {
            int i = 0;
            while (i < d.Starts.Count && d.Starts[i] < start)
                i++;
            d.Starts.Insert(i, start);
            d.Ends.Insert(i, end);
            // Coalesce ranges that touch or overlap, keeping the list sorted.
            int w = 0;
            for (int r = 1; r < d.Starts.Count; r++)
            {
                if (d.Starts[r] <= d.Ends[w])
                {
                    if (d.Ends[r] > d.Ends[w])
                        d.Ends[w] = d.Ends[r];
                }
                else
                {
                    w++;
                    d.Starts[w] = d.Starts[r];
                    d.Ends[w] = d.Ends[r];
                }
            }
            while (d.Starts.Count > w + 1)
            {
                d.Starts.RemoveAt(d.Starts.Count - 1);
                d.Ends.RemoveAt(d.Ends.Count - 1);
            }
        }

        public long NextTimer()
        {
            long t = long.MaxValue;
            for (int i = 0; i < _list.Count; i++)
                t = Math.Min(t, _list[i].Expires);
            return t;
        }

        public void Expire(long now, NetStats stats)
        {
            for (int i = _list.Count - 1; i >= 0; i--)
                if (_list[i].Expires <= now)
                {
                    _list.RemoveAt(i);
                    stats.IpReassemblyTimeouts++;
                }
        }
    }
}
