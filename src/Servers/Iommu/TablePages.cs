using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Iommu.VtD;

namespace Minix3.Cosmos.Servers.Iommu
{
    // The remapping structures' pages: pinned memory from vm (iommu's own,
    // so it outlives every driver), taken in chunks and handed out a page
    // at a time. Pages are never given back: a domain keeps its tables
    // across its drivers' restarts.
    internal sealed unsafe class TablePages : ITablePages
    {
        private const ulong PageSize = 4096;
        private const ulong ChunkBytes = 64 * 1024;

        private readonly List<ulong> _chunkPhysical = new List<ulong>();
        private readonly List<ulong> _chunkMapped = new List<ulong>();
        private ulong _next, _end;

        public int Pages { get; private set; }

        public ulong Allocate()
        {
            if (_next == _end)
            {
                if (Devices.AllocatePinned(ChunkBytes, out ulong mapped, out ulong physical) != Status.Ok)
                    return 0;
                _chunkPhysical.Add(physical);
                _chunkMapped.Add(mapped);
                _next = physical;
                _end = physical + ChunkBytes;
            }
            ulong page = _next;
            _next += PageSize;
            Pages++;
            ulong* at = At(page);
            for (int i = 0; i < 512; i++)
                at[i] = 0;
            return page;
        }

        public ulong* At(ulong physical)
        {
            for (int i = 0; i < _chunkPhysical.Count; i++)
            {
                if (physical >= _chunkPhysical[i] && physical < _chunkPhysical[i] + ChunkBytes)
                    return (ulong*)(_chunkMapped[i] + (physical - _chunkPhysical[i]));
            }
            return null;
        }
    }
}
