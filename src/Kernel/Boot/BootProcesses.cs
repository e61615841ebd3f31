using System;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Loader;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Starts the components the image carries as boot modules: a module "X"
    // with a privilege table "X.priv" beside it is a component; one without
    // is a program (a command) that PM may exec later, or data (a script).
    // The memory manager starts first, in its fixed slot: every other
    // component grows its heap through it. Then the reincarnation server
    // alone: RS starts the other components itself, so it is their parent
    // and installs their tables (src/Servers/Rs/Supervision.cs). A test
    // kernel may name the cast instead (`start=a,b,c`, test/Kernel).
    internal static unsafe partial class BootProcesses
    {
        internal static ReadOnlySpan<byte> PolicySuffix => ".priv"u8;

        internal static void Start(BootInfo info)
        {
            ReadOnlySpan<BootModule> modules = info.Modules;
            for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < modules.Length; i++)
            {
                BootString name = NameOf(modules[i]);
                bool memoryManager = name.AsSpan().SequenceEqual("vm"u8), start = name.AsSpan().SequenceEqual("rs"u8);
                InCast(name.AsSpan(), ref start);
                if (memoryManager != (pass == 0) || !memoryManager && !start)
                    continue;
                int policy = FindPolicy(modules, name.AsSpan());
                if (policy < 0)
                    continue;
                BootModule table = modules[policy];
                int slot = memoryManager ? Lib.Ipc.Endpoint.MemoryManagerSlot : -1;
                ProcessLoader.Start(name, (byte*)modules[i].Start, modules[i].Length, (byte*)table.Start, table.Length, slot);
            }
            ListPrograms(modules);
        }

        // Test kernels only: with start=a,b, whether `name` is in that cast
        // (instead of being RS).
        static partial void InCast(ReadOnlySpan<byte> name, ref bool start);

        // Test kernels only: a line naming the programs for PM.
        static partial void ListPrograms(ReadOnlySpan<BootModule> modules);

        // The index of the module named `component` + ".priv"; -1 if none.
        internal static int FindPolicy(ReadOnlySpan<BootModule> modules, ReadOnlySpan<byte> component)
        {
            for (int i = 0; i < modules.Length; i++)
            {
                ReadOnlySpan<byte> name = NameOf(modules[i]).AsSpan();
                if (name.Length == component.Length + PolicySuffix.Length && name.Slice(0, component.Length).SequenceEqual(component)
                    && name.Slice(component.Length).SequenceEqual(PolicySuffix))
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
            return new BootString(line.Pointer + start, end - start);
        }
    }
}
