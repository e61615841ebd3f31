using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Reads what the boot loader handed over and reports it, problems first:
    // a malformed entry is named and skipped by the parser, never trusted.
    internal static unsafe class BootInformation
    {
        // The boot stub identity maps the first 4 GiB; the info structure
        // must lie inside it.
        private const ulong IdentityMappedLimit = 0x1_0000_0000;

        internal static BootInfo Read(uint magic, ulong infoPhysical)
        {
            var info = new BootInfo();
            var memory = new DirectMap(0, IdentityMappedLimit);
            ulong readable = infoPhysical < IdentityMappedLimit ? IdentityMappedLimit - infoPhysical : 0;
            if (!MultibootParser.Parse(magic, infoPhysical, readable, memory, info))
                Log.Line("boot: the boot information is unusable; continuing with what was read");
            Log.Write("boot: ");
            Log.Write(info.Protocol == BootProtocol.Multiboot2 ? "Multiboot2" : "Multiboot1");
            if (!info.LoaderName.IsEmpty)
            {
                Log.Write(" from ");
                Log.Ascii(info.LoaderName.Pointer, info.LoaderName.Length);
            }
            Log.Line();
            foreach (BootProblem problem in info.Problems)
            {
                Log.Write("boot: skipped malformed entry: problem ");
                Log.Decimal((ulong)problem.Kind);
                Log.Write(" at ");
                Log.Hex(problem.Value);
                Log.Line();
            }
            ReportMemoryMap(info);
            return info;
        }

        private static void ReportMemoryMap(BootInfo info)
        {
            Log.Write("memory map: ");
            Log.Decimal((ulong)info.MemoryMap.Count);
            Log.Line(" regions");
            foreach (MemoryRegion region in info.MemoryMap.Regions)
            {
                Log.Write("  ");
                Log.Hex(region.Base);
                Log.Write("-");
                Log.Hex(region.End);
                Log.Write(" ");
                Log.Line(TypeName(region.Type));
            }
        }

        private static string TypeName(MemoryRegionType type) => type switch
        {
            MemoryRegionType.Available => "available",
            MemoryRegionType.AcpiReclaimable => "ACPI reclaimable",
            MemoryRegionType.AcpiNvs => "ACPI NVS",
            MemoryRegionType.Bad => "bad",
            _ => "reserved",
        };

        internal static CommandLine ReadCommandLine(BootInfo info)
        {
            var commandLine = new CommandLine();
            bool ok = commandLine.Parse(info.CommandLine.AsSpan());
            Log.Write("command line: ");
            Log.Ascii(info.CommandLine.Pointer, info.CommandLine.Length);
            Log.Line();
            if (!ok || commandLine.ProblemCount != 0)
            {
                Log.Write("command line: malformed at offset ");
                Log.Decimal((ulong)commandLine.FirstProblemOffset);
                Log.Line("; using what parsed");
            }
            return commandLine;
        }
    }
}
