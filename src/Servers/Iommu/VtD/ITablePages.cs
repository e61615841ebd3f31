namespace Minix3.Cosmos.Servers.Iommu.VtD
{
    // Where the remapping structures live: 4 KiB pages the IOMMU walks by
    // physical address, which iommu writes through its own mapping of them.
    // (The host unit tests back this with ordinary memory.)
    public unsafe interface ITablePages
    {
        // A zeroed page: its physical address, 0 when none is left.
        ulong Allocate();

        // The page at `physical` (one Allocate gave), as iommu sees it.
        ulong* At(ulong physical);
    }
}
