// Everything the kernel learns from the boot loader, validated and copied into
// fixed-capacity storage so the loader's structures need not be trusted again.
using System;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

/// <summary>
/// Filled by <see cref="MultibootParser.Parse"/>. Strings (<see cref="CommandLine"/>,
/// <see cref="LoaderName"/>, module command lines) still point into loader memory; the
/// ranges in <see cref="LoaderData"/> must stay reserved while they are in use.
/// One instance per parse: the kernel parses once, at boot.
/// </summary>
public sealed class BootInfo
{
    public const int MaxModules = 256;

    /// <summary>Capacity of <see cref="MemoryMap"/> and <see cref="LoaderData"/>. The parser keeps
    /// at most MaxModules + 5 loader ranges (the info structure, map, module array, command
    /// line, loader name and one string per module kept), so LoaderData never runs out.</summary>
    public const int MaxRanges = MaxModules + 8;

    private readonly BootModule[] modules = new BootModule[MaxModules];
    private readonly MemoryRegion[] map = new MemoryRegion[MaxRanges];
    private readonly MemoryRegion[] loaderData = new MemoryRegion[MaxRanges];
    private int moduleCount;
    private int mapCount;
    private int loaderDataCount;

    /// <summary>The loader's memory map as given (the frame allocator does its arithmetic).</summary>
    public ReadOnlySpan<MemoryRegion> MemoryMap => new ReadOnlySpan<MemoryRegion>(map).Slice(0, mapCount);

    /// <summary>Every loader-owned range the kernel still references, the info structure first.</summary>
    public ReadOnlySpan<MemoryRegion> LoaderData => new ReadOnlySpan<MemoryRegion>(loaderData).Slice(0, loaderDataCount);

    public ReadOnlySpan<BootModule> Modules => new ReadOnlySpan<BootModule>(modules).Slice(0, moduleCount);

    public BootString CommandLine { get; internal set; }

    public BootString LoaderName { get; internal set; }

    /// <summary>Keeps a module the parser checked, room included.</summary>
    internal void AddModule(BootModule module) => modules[moduleCount++] = module;

    /// <summary>Keeps a loader-owned range (room is certain: see MaxRanges).</summary>
    internal void AddLoaderData(ulong start, ulong length) =>
        loaderData[loaderDataCount++] = new MemoryRegion(start, length, MemoryRegionType.Reserved);

    /// <summary>
    /// Keeps a map entry; false when there is no room. Then an available one is dropped and
    /// a reserved one drops every available entry it overlaps: either way only RAM is lost.
    /// </summary>
    internal bool AddRegion(MemoryRegion region)
    {
        if (mapCount < MaxRanges)
        {
            map[mapCount++] = region;
            return true;
        }
        for (int i = 0; i < mapCount && region.Type != MemoryRegionType.Available; i++)
        {
            if (map[i].Base < region.End && region.Base < map[i].End)
                map[i].Type = MemoryRegionType.Reserved;
        }
        return false;
    }
}
