using System;
using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Inet.Core;

namespace Minix3.Cosmos.Unit.Servers.Inet;

// The clients' memory as the kernel would check it: a grant is a byte
// array of one owner; a copy outside it, or through a grant that does not
// exist, fails with the kernel's statuses. Replies sent later (held
// requests, Cancel's Interrupted) are recorded in order.
internal sealed class FakeClients : IClientMemory, IReplySink, IInterfaceView
{
    private readonly Dictionary<(int Owner, long Grant), byte[]> _grants = new();
    private long _nextGrant = 1;

    public readonly List<(int To, int Request, long Result, long Minor)> Replies = new();

    public long Grant(int owner, byte[] memory)
    {
        long id = _nextGrant++;
        _grants[(owner, id)] = memory;
        return id;
    }

    public int CopyFrom(int owner, long grant, int offset, byte[] into, int at, int count)
    {
        if (!_grants.TryGetValue((owner, grant), out byte[]? memory))
            return Status.BadGrant;
        if (offset < 0 || offset + count > memory.Length)
            return Status.OutOfRange;
        Array.Copy(memory, offset, into, at, count);
        return Status.Ok;
    }

    public int CopyTo(int owner, long grant, int offset, byte[] from, int at, int count)
    {
        if (!_grants.TryGetValue((owner, grant), out byte[]? memory))
            return Status.BadGrant;
        if (offset < 0 || offset + count > memory.Length)
            return Status.OutOfRange;
        Array.Copy(from, at, memory, offset, count);
        return Status.Ok;
    }

    public int Reply(int destination, int request, long result, long minor)
    {
        Replies.Add((destination, request, result, minor));
        return Status.Ok;
    }

    public bool HasLink(int index) => index == 1;
    public int DriverOf(int index) => index == 1 ? 4242 : 0;
}
