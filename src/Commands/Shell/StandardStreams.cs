using System;
using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shell
{
    // Makes three shell streams this process's descriptors 0, 1 and 2, as
    // a program to be exec'd (or a process started for a pipeline stage)
    // must have them, then closes every other descriptor the shell opened:
    // a program must not inherit a file or pipe end it was not given (a
    // pipe's reader would never see end of file).
    internal static class StandardStreams
    {
        // False when a descriptor could not be placed (the process then
        // must not go on as if it had its streams).
        internal static bool Install(PosixHost host, object input, object output, object error)
        {
            // Fresh copies first, so that a target never clobbers a source
            // still to be copied (`cmd <&1 >&0`).
            int[] copies = { Copy(input), Copy(output), Copy(error) };
            bool ok = true;
            for (int target = 0; target < 3; target++)
            {
                if (copies[target] == Closed)
                    Files.Close(target);
                else
                    ok &= copies[target] >= 0 && Files.Dup2(copies[target], target) >= 0;
            }
            for (int i = 0; i < 3; i++)
            {
                if (copies[i] >= 0)
                    Files.Close(copies[i]);
            }
            host.CloseOpened();
            return ok;
        }

        private const int Closed = int.MinValue;

        // A copy of the stream's descriptor; Closed for `>&-`.
        private static int Copy(object stream)
        {
            if (stream is ShellNullStream)
                return Closed;
            if (stream is DescriptorStream descriptor)
                return Files.Dup(descriptor.Descriptor);
            // Every stream sh makes is a descriptor; a host stream that is
            // not cannot be handed to another process.
            throw new InvalidOperationException("an in-memory stream cannot become a descriptor");
        }
    }
}
