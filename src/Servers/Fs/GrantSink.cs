using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs
{
    // A Read's bytes go from the engine's cache or the disk's window
    // straight into the client's grant (for VFS, an indirect grant on the
    // user's buffer): the one copy FS makes, none for a long run the disk
    // driver copies there itself. The first refused copy ends the read;
    // Status says why.
    internal sealed unsafe class GrantSink : IReadSink
    {
        private Endpoint _client;
        private GrantId _grant;

        public int Status { get; private set; }

        // The client and its grant, which the disk may copy into directly
        // (AtaBlockDevice.ReadLent).
        public Endpoint Client => _client;
        public GrantId Grant => _grant;

        public void Start(int client, long grant)
        {
            _client = new Endpoint(client);
            _grant = new GrantId((int)grant);
            Status = grant < 0 || grant > int.MaxValue ? Lib.Ipc.Status.BadGrant : Lib.Ipc.Status.Ok;
        }

        public bool Put(int at, ReadOnlySpan<byte> bytes)
        {
            if (Status != Lib.Ipc.Status.Ok)
                return false;
            fixed (byte* source = bytes)
                Status = Grants.CopyTo(_client, _grant, (ulong)at, source, (ulong)bytes.Length);
            return Status == Lib.Ipc.Status.Ok;
        }
    }
}
