using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Reads what the boot loader handed over and reports it; the parser has
    // named and skipped every malformed entry, never trusting one.
    internal static unsafe class BootInformation
    {
        // The boot stub identity maps the first 4 GiB; the info structure
        // must lie inside it.
        private const ulong IdentityMappedLimit = 0x1_0000_0000;

        internal static BootInfo Read(uint magic, ulong infoPhysical)
        {
            var info = new BootInfo();
            var memory = new DirectMap(0, IdentityMappedLimit);
            if (!MultibootParser.Parse(magic, infoPhysical, IdentityMappedLimit, memory, info))
                Log.Line("boot: the boot information is unusable; continuing with what was read");
            Log.Write("boot: Multiboot1");
            if (!info.LoaderName.IsEmpty)
            {
                Log.Write(" from ");
                Log.Ascii(info.LoaderName.Pointer, info.LoaderName.Length);
            }
            Log.Write(", ");
            Log.Decimal((ulong)info.Modules.Length);
            Log.Line(" modules");
            KernelArguments.Read(info.CommandLine);
            return info;
        }
    }
}
