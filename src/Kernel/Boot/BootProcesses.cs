using System;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Loader;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Starts the components the image carries as boot modules: every module
    // "X" that has a privilege table "X.priv" beside it, in module order. A
    // module without one is a program (a command) that PM may exec later.
    // A test kernel may name the cast (`start=a,b,c`, test/Kernel): then
    // only those start. Otherwise an image that carries the reincarnation
    // server gets RS alone: RS starts the other
    // components itself, so it is their parent and installs their tables
    // (src/Servers/Rs/Supervision.cs).
    internal static unsafe partial class BootProcesses
    {
        private const string PolicySuffix = ".priv";
        private const string ReincarnationServer = "rs";
        private const string MemoryManager = "vm";

        internal static void Start(BootInfo info)
        {
            byte[]? cast = null;
            ReadCast(ref cast);
            ReadOnlySpan<BootModule> modules = info.Modules;
            bool toRs = cast == null && HasComponent(modules, ReincarnationServer);
            // The memory manager first, in its fixed slot, whatever the test
            // cast lists: every other component grows its heap through it.
            for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < modules.Length; i++)
            {
                BootString name = NameOf(modules[i]);
                if (EndsWith(name, PolicySuffix))
                    continue;
                bool memoryManager = AsciiText.EqualsLiteral(name.AsSpan(), MemoryManager);
                if (memoryManager != (pass == 0))
                    continue;
                int policy = FindPolicy(modules, name);
                if (policy < 0)
                    continue;   // a program (sh, ls, ...) PM execs with user.priv, or data (a script)
                if (!memoryManager && (cast != null && !ListContains(cast, name) || toRs && !AsciiText.EqualsLiteral(name.AsSpan(), ReincarnationServer)))
                    continue;
                BootModule table = modules[policy];
                int slot = memoryManager ? Lib.Ipc.Endpoint.MemoryManagerSlot : -1;
                ProcessLoader.Start(name, (byte*)modules[i].Start, modules[i].Length, (byte*)table.Start, table.Length, slot);
            }
            ListPrograms(modules);
        }

        // Test kernels only: the labels of start=a,b (null: no such key).
        static partial void ReadCast(ref byte[]? cast);

        // Test kernels only: a line naming the programs for PM.
        static partial void ListPrograms(ReadOnlySpan<BootModule> modules);

        private static bool HasComponent(ReadOnlySpan<BootModule> modules, string label)
        {
            for (int i = 0; i < modules.Length; i++)
            {
                BootString name = NameOf(modules[i]);
                if (AsciiText.EqualsLiteral(name.AsSpan(), label) && FindPolicy(modules, name) >= 0)
                    return true;
            }
            return false;
        }

        private static int FindPolicy(ReadOnlySpan<BootModule> modules, BootString component)
        {
            for (int i = 0; i < modules.Length; i++)
            {
                BootString name = NameOf(modules[i]);
                if (name.Length != component.Length + PolicySuffix.Length || !EndsWith(name, PolicySuffix))
                    continue;
                bool same = true;
                for (int c = 0; c < component.Length && same; c++)
                    same = name.Pointer[c] == component.Pointer[c];
                if (same)
                    return i;
            }
            return -1;
        }

        // A module's name: the last word of its command line, without a path.
        internal static BootString NameOf(BootModule module)
        {
            BootString line = module.CommandLine;
            int end = line.Length;
            while (end > 0 && line.Pointer[end - 1] == ' ')
                end--;
            int start = end;
            while (start > 0 && line.Pointer[start - 1] != ' ' && line.Pointer[start - 1] != '/')
                start--;
            return new BootString(line.Physical + (ulong)start, line.Pointer + start, end - start);
        }

        private static bool EndsWith(BootString name, string suffix)
        {
            if (name.Length < suffix.Length)
                return false;
            for (int i = 0; i < suffix.Length; i++)
            {
                if (name.Pointer[name.Length - suffix.Length + i] != suffix[i])
                    return false;
            }
            return true;
        }

        // Whether a comma-separated list holds the name.
        internal static bool ListContains(ReadOnlySpan<byte> list, BootString name)
        {
            int start = 0;
            for (int i = 0; i <= list.Length; i++)
            {
                if (i < list.Length && list[i] != ',')
                    continue;
                if (i - start == name.Length && list.Slice(start, i - start).SequenceEqual(name.AsSpan()))
                    return true;
                start = i + 1;
            }
            return false;
        }
    }
}
