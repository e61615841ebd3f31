using System;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Diagnostics;

namespace Minix3.Cosmos.Kernel.Boot
{
    // The test kernel names the boot modules that are programs for PM (an
    // ELF without a privilege table beside it) in one line after the
    // starts: boot tests check the image carries what they exec. The
    // default kernel has no use for the line.
    internal static unsafe partial class BootProcesses
    {
        static partial void ListPrograms(ReadOnlySpan<BootModule> modules)
        {
            bool first = true;
            for (int i = 0; i < modules.Length; i++)
            {
                BootString name = NameOf(modules[i]);
                ReadOnlySpan<byte> text = name.AsSpan();
                bool policy = text.Length > PolicySuffix.Length && text.Slice(text.Length - PolicySuffix.Length).SequenceEqual(PolicySuffix);
                if (policy || FindPolicy(modules, text) >= 0 || !IsElf(modules[i]))
                    continue;
                Log.Write(first ? "loader: programs for PM, not started (no privilege table): " : ", ");
                first = false;
                Log.Ascii(name.Pointer, name.Length);
            }
            if (!first)
                Log.Line("");
        }

        private static bool IsElf(BootModule module)
        {
            byte* bytes = (byte*)module.Start;
            return module.Length >= 4 && bytes[0] == 0x7F && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';
        }
    }
}
