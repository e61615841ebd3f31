using System;
using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// Users' grants as byte arrays (grant id -> the bytes it covers), and the
// late replies VFS sent, in order.
internal sealed class FakeUserMemory : IUserMemory
{
    public readonly Dictionary<(int Caller, long Grant), byte[]> Grants = new();
    public readonly List<(int Caller, int Status, long Word0)> Replies = new();

    public long Give(int caller, byte[] bytes)
    {
        long grant = Grants.Count + 1;
        Grants[(caller, grant)] = bytes;
        return grant;
    }

    public int CopyFromUser(int caller, long grant, int offset, byte[] buffer, int length)
    {
        if (!Grants.TryGetValue((caller, grant), out byte[]? bytes))
            return Status.BadGrant;
        if (offset + length > bytes.Length)
            return Status.OutOfRange;
        Array.Copy(bytes, offset, buffer, 0, length);
        return Status.Ok;
    }

    public int CopyToUser(int caller, long grant, int offset, byte[] buffer, int length)
    {
        if (!Grants.TryGetValue((caller, grant), out byte[]? bytes))
            return Status.BadGrant;
        if (offset + length > bytes.Length)
            return Status.OutOfRange;
        Array.Copy(buffer, 0, bytes, offset, length);
        return Status.Ok;
    }

    public void Reply(int caller, int status, long word0) => Replies.Add((caller, status, word0));
}
