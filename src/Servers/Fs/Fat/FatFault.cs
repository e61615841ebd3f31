using System;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // Raised inside the engine where a rule fails deep in a call chain; every
    // public operation catches it and turns it into an FsError, so no
    // exception ever reaches the caller.
    internal sealed class FatFault : Exception
    {
        public FatFault(FsError error, string message) : base(message) { Error = error; }

        public FsError Error { get; }
    }
}
