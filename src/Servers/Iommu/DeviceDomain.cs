using System.Collections.Generic;
using Minix3.Cosmos.Servers.Iommu.VtD;

namespace Minix3.Cosmos.Servers.Iommu
{
    // One PCI function pci handed to a driver: who holds it, its
    // translation domain (null without an IOMMU) and the DMA memory lent
    // for it. The runs belong to the device for good: a later holder of
    // the same device gets them again, so a device still writing through
    // stale descriptors after its driver died reaches only its own old
    // buffers, never memory anyone else was given.
    internal sealed class DeviceDomain
    {
        public DeviceDomain(int address, int domainId, SecondLevelTable? table)
        {
            Address = address;
            DomainId = domainId;
            Table = table;
        }

        public int Address { get; }
        public int DomainId { get; }
        public SecondLevelTable? Table { get; }
        public List<DmaRun> Runs { get; } = new List<DmaRun>();

        public int Holder { get; set; }            // endpoint; 0: nobody
        public string HolderLabel { get; set; } = "";
        public string LastLabel { get; set; } = "";
        // Whether the holder has taken DMA memory: until then, a fault is
        // the device's own stale DMA (programmed by a dead predecessor).
        public bool HolderSetUp { get; set; }
        public bool Reported { get; set; }         // one report per holder
        public int FaultsLogged { get; set; }

        public string Name => PciName(Address);

        public static string PciName(int address) => string.Concat(
            ((address >> 8) & 0xFF).ToString("x2"), ":", ((address >> 3) & 0x1F).ToString("x2"), ".", (address & 7).ToString());
    }

    // A physically contiguous run of iommu's pinned memory.
    internal sealed class DmaRun
    {
        public ulong Physical;
        public ulong Mapped;       // where iommu sees it (to zero it)
        public ulong Bytes;
        public bool Lent;          // to the device's current holder
        public bool Dirty;         // holds a previous holder's data
    }
}
