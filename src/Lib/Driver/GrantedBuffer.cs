using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Lib.Driver
{
    // A client's buffer as a driver sees it: a grant from the client. The
    // driver reads from it (Write requests) or writes into it (Read
    // requests) through the kernel's checked safe copies; offsets are
    // relative to the granted range.
    public readonly unsafe struct GrantedBuffer
    {
        public GrantedBuffer(Endpoint owner, GrantId grant, int length)
        {
            Owner = owner;
            Grant = grant;
            Length = length;
        }

        public Endpoint Owner { get; }
        public GrantId Grant { get; }
        public int Length { get; }

        // Copies `count` bytes from `source` into the client's buffer at `offset`.
        public int CopyToClient(int offset, byte* source, int count) =>
            Grants.CopyTo(Owner, Grant, (ulong)offset, source, (ulong)count);

        // Copies `count` bytes of the client's buffer at `offset` into `destination`.
        public int CopyFromClient(int offset, byte* destination, int count) =>
            Grants.CopyFrom(Owner, Grant, (ulong)offset, destination, (ulong)count);
    }
}
