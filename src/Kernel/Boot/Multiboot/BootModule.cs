// A file the boot loader loaded next to the kernel (MINIX's boot image servers).
namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

/// <summary>
/// Physical bytes [Start, End) and the module's command line, whose first word is by
/// convention its name. Invariant after parsing: Start &lt;= End.
/// </summary>
public struct BootModule
{
    public ulong Start;
    public ulong End;
    public BootString CommandLine;

    public BootModule(ulong start, ulong end, BootString commandLine)
    {
        Start = start;
        End = end;
        CommandLine = commandLine;
    }

    public readonly ulong Length => End - Start;
}
