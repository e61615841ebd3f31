// Everything the kernel learns from the boot loader, validated and copied into
// fixed-capacity storage so the loader's structures need not be trusted again.
using System;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

/// <summary>
/// Filled by <see cref="MultibootParser.Parse"/>. Strings (<see cref="CommandLine"/>,
/// <see cref="LoaderName"/>, module command lines) still point into loader memory; the
/// ranges in <see cref="LoaderData"/> must stay reserved while they are in use.
/// Allocate one instance early (it owns arrays) and reuse it.
/// </summary>
public sealed class BootInfo
{
    public const int MaxModules = 128;

    /// <summary>Capacity of <see cref="Available"/> and <see cref="LoaderData"/>: the info
    /// structure, map, module array and one string per module, merged where they touch.</summary>
    public const int MaxRanges = MaxModules + 8;

    private readonly BootModule[] modules = new BootModule[MaxModules];
    private int moduleCount;

    /// <summary>RAM the loader's map calls available, minus every range it calls anything else.</summary>
    public PhysicalRangeSet Available { get; } = new PhysicalRangeSet(MaxRanges);

    /// <summary>Every loader-owned range the kernel still references, the info structure first.</summary>
    public PhysicalRangeSet LoaderData { get; } = new PhysicalRangeSet(MaxRanges);

    public ReadOnlySpan<BootModule> Modules => new ReadOnlySpan<BootModule>(modules).Slice(0, moduleCount);

    public BootString CommandLine { get; internal set; }

    public BootString LoaderName { get; internal set; }

    /// <summary>Forgets everything, so one instance can be parsed into again.</summary>
    public void Reset()
    {
        Available.Clear();
        LoaderData.Clear();
        moduleCount = 0;
        CommandLine = default;
        LoaderName = default;
    }

    /// <summary>Keeps a module the parser checked, room included.</summary>
    internal void AddModule(BootModule module) => modules[moduleCount++] = module;
}
