using System;
using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shell
{
    // An open file descriptor as a shell stream: the console (0, 1, 2) or a
    // file a redirection opened. External commands get the descriptor
    // itself (PosixHost.Run dups it into place), so a `< file` read by a
    // program moves the same offset the shell sees.
    internal sealed class DescriptorStream : IShellInput, IShellOutput, IShellClosable
    {
        private readonly PosixHost? _owner;

        // owner: the host that opened it and closes it (null for the console).
        internal DescriptorStream(int descriptor, PosixHost? owner)
        {
            Descriptor = descriptor;
            _owner = owner;
        }

        internal int Descriptor { get; private set; }

        public int Read(Span<byte> buffer)
        {
            int count = Files.Read(Descriptor, buffer);
            if (count < 0)
                throw new InvalidOperationException(Files.ErrorText(count));
            return count;
        }

        public void Write(ReadOnlySpan<byte> data)
        {
            while (data.Length > 0)
            {
                int written = Files.Write(Descriptor, data);
                if (written <= 0)
                    throw new InvalidOperationException(written < 0 ? Files.ErrorText(written) : "nothing written");
                data = data.Slice(written);
            }
        }

        public void Close()
        {
            if (_owner == null || Descriptor < 0)
                return;
            _owner.Forget(Descriptor);
            Files.Close(Descriptor);
            Descriptor = -1;
        }
    }
}
