// Everything the kernel learns from the boot loader, validated and copied into
// fixed-capacity storage so the loader's structures need not be trusted again.
using System;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

/// <summary>
/// Filled by <see cref="MultibootParser.Parse"/>. Strings (<see cref="CommandLine"/>,
/// <see cref="LoaderName"/>, module command lines) still point into loader memory; the
/// ranges listed in <see cref="LoaderData"/> must stay reserved while they are in use.
/// Allocate one instance early (it owns arrays) and reuse it.
/// </summary>
public sealed class BootInfo
{
    public const int MaxModules = 128;
    public const int MaxProblems = 16;

    /// <summary>The info structure, plus (Multiboot 1) its map, module array and strings:
    /// one string per module, so the capacity follows <see cref="MaxModules"/>, with
    /// room for the fixed ranges (info, map, module array, command line, loader name).</summary>
    public const int MaxLoaderData = MaxModules + 8;

    private readonly BootModule[] modules;
    private readonly BootProblem[] problems;
    private readonly PhysicalRange[] loaderData;
    private int moduleCount;
    private int problemCount;
    private int droppedProblems;
    private int loaderDataCount;

    public BootInfo()
    {
        MemoryMap = new BootMemoryMap();
        modules = new BootModule[MaxModules];
        problems = new BootProblem[MaxProblems];
        loaderData = new PhysicalRange[MaxLoaderData];
    }

    public BootProtocol Protocol { get; internal set; }

    /// <summary>The cleaned physical memory map.</summary>
    public BootMemoryMap MemoryMap { get; }

    public ReadOnlySpan<BootModule> Modules => new ReadOnlySpan<BootModule>(modules).Slice(0, moduleCount);

    public BootString CommandLine { get; internal set; }

    public BootString LoaderName { get; internal set; }

    /// <summary>Physical range of the info structure itself (as far as it was readable).</summary>
    public PhysicalRange InfoRange { get; internal set; }

    /// <summary>Every loader-owned range the kernel still references; the first is <see cref="InfoRange"/>.</summary>
    public ReadOnlySpan<PhysicalRange> LoaderData => new ReadOnlySpan<PhysicalRange>(loaderData).Slice(0, loaderDataCount);

    /// <summary>True when the loader gave the BIOS lower/upper memory sizes.</summary>
    public bool HasBasicMemory { get; internal set; }

    /// <summary>KiB of memory below 1 MiB (conventional memory).</summary>
    public uint LowerMemoryKiB { get; internal set; }

    /// <summary>KiB of memory from 1 MiB up to the first hole.</summary>
    public uint UpperMemoryKiB { get; internal set; }

    /// <summary>The first <see cref="MaxProblems"/> problems, in the order found.</summary>
    public ReadOnlySpan<BootProblem> Problems => new ReadOnlySpan<BootProblem>(problems).Slice(0, problemCount);

    /// <summary>Problems found after the list was full.</summary>
    public int DroppedProblems => droppedProblems;

    /// <summary>True when the problem list holds this kind (tests and kernel self-checks).</summary>
    public bool HasProblem(BootProblemKind kind)
    {
        for (int i = 0; i < problemCount; i++)
        {
            if (problems[i].Kind == kind)
                return true;
        }
        return false;
    }

    /// <summary>Forgets everything, so one instance can be parsed into again.</summary>
    public void Reset()
    {
        Protocol = BootProtocol.None;
        MemoryMap.Clear();
        moduleCount = 0;
        problemCount = 0;
        droppedProblems = 0;
        loaderDataCount = 0;
        CommandLine = default;
        LoaderName = default;
        InfoRange = default;
        HasBasicMemory = false;
        LowerMemoryKiB = 0;
        UpperMemoryKiB = 0;
    }

    internal void Report(BootProblemKind kind, ulong value)
    {
        if (problemCount == MaxProblems)
        {
            droppedProblems++;
            return;
        }
        problems[problemCount] = new BootProblem(kind, value);
        problemCount++;
    }

    /// <summary>Records a module unless it is malformed or there is no room; returns whether it was kept.</summary>
    internal bool AddModule(ulong start, ulong end, BootString commandLine)
    {
        if (end < start)
        {
            Report(BootProblemKind.ModuleEndBeforeStart, start);
            return false;
        }
        if (moduleCount == MaxModules)
        {
            Report(BootProblemKind.TooManyModules, start);
            return false;
        }
        modules[moduleCount] = new BootModule(start, end, commandLine);
        moduleCount++;
        return true;
    }

    internal void AddLoaderData(ulong start, ulong length)
    {
        if (length == 0)
            return;
        if (loaderDataCount == MaxLoaderData)
        {
            Report(BootProblemKind.TooManyLoaderDataRanges, start);
            return;
        }
        loaderData[loaderDataCount] = new PhysicalRange(start, start + length);
        loaderDataCount++;
    }
}
