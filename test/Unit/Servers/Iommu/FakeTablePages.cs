using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Minix3.Cosmos.Servers.Iommu.VtD;

namespace Minix3.Cosmos.Unit.Servers.Iommu;

// Table pages for the host: each "physical" page is a block of native
// memory at a made-up address, as the IOMMU would see it. A limit makes
// running out of pages testable.
internal sealed unsafe class FakeTablePages : ITablePages, IDisposable
{
    private readonly Dictionary<ulong, IntPtr> _pages = new();
    private ulong _next = 0x10_0000;

    public int Limit { get; set; } = int.MaxValue;
    public int Count => _pages.Count;

    public ulong Allocate()
    {
        if (_pages.Count >= Limit)
            return 0;
        IntPtr block = (IntPtr)NativeMemory.AllocZeroed(4096);
        ulong physical = _next;
        _next += 4096;
        _pages[physical] = block;
        return physical;
    }

    public ulong* At(ulong physical) =>
        _pages.TryGetValue(physical & ~0xFFFUL, out IntPtr block) ? (ulong*)block : throw new InvalidOperationException($"no table page at 0x{physical:x}");

    public void Dispose()
    {
        foreach (IntPtr block in _pages.Values)
            NativeMemory.Free((void*)block);
        _pages.Clear();
    }
}
