using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Block.Ahci
{
    // The AHCI host bus adapter (AHCI 1.3.1, section 3.1), as pci hands it
    // over: the policy's `pci` lines name the controllers by vendor:device
    // (the policy language has no class match, and pci claims by id), the
    // claim adds ABAR (BAR 5, memory) to this driver's table and turns on
    // bus mastering, and vm maps ABAR uncached (umap). Taking the
    // controller means AHCI mode on (GHC.AE) and, when the firmware
    // offers the handshake (CAP2.BOH), the BIOS/OS ownership handoff.
    // Global reset (GHC.HR) is left alone: it would also reset ports this
    // driver does not serve, and a restarted driver needs only its own
    // port stopped (AhciPort.Stop).
    public static unsafe class AhciController
    {
        private const int AbarIndex = 5;
        private const int Cap = 0x00, Ghc = 0x04, Is = 0x08, Pi = 0x0C, Cap2 = 0x24, Bohc = 0x28;
        private const uint CapS64a = 1u << 31, GhcAhciEnable = 1u << 31, GhcInterruptEnable = 1u << 1;
        private const uint Cap2Handoff = 1u << 0;
        private const uint BohcBiosOwned = 1u << 0, BohcOsOwned = 1u << 1, BohcBiosBusy = 1u << 4;
        private const int HandoffPolls = 1_000_000;

        // Claims the controller, maps ABAR, takes the HBA, and returns the
        // first port with a SATA disk (its engine stopped, its memory
        // allocated); null with `why`, and `absent` when there is simply
        // nothing to drive (no controller, no disk).
        public static AhciPort? Open(out string why, out bool absent)
        {
            absent = false;
            int status = PciClient.Claim(0, 0, 0, out PciDeviceReply controller);
            if (status != Status.Ok)
            {
                absent = status == PciStatus.NoDevice || status == PciStatus.NotInPolicy;
                why = absent ? "no AHCI controller" : string.Concat("pci refused the controller: ", status.ToString());
                return null;
            }
            string where = string.Concat(PciAddress.Bus(controller.Address).ToString("x2"), ":",
                PciAddress.Device(controller.Address).ToString("x2"), ".", PciAddress.Function(controller.Address).ToString());
            status = PciClient.Bar(controller.Address, AbarIndex, out PciBarReply bar);
            if (status != Status.Ok || bar.Kind != PciBarKind.Memory || bar.Base == 0 || bar.Size < 0x180)
            {
                why = string.Concat("the controller at ", where, " has no ABAR (BAR 5, memory)");
                return null;
            }
            ulong pageBase = bar.Base & ~4095UL;
            ulong length = (bar.Base + bar.Size - pageBase + 4095) & ~4095UL;
            status = Devices.Map(pageBase, length, out ulong mapped);
            if (status != Status.Ok)
            {
                why = string.Concat("map of ABAR refused: ", status.ToString());
                return null;
            }
            var hba = new Mmio(mapped + (bar.Base - pageBase));
            TakeOwnership(hba);
            // AHCI mode, interrupts off: completion is polled.
            hba.Write(Ghc, (hba.Read(Ghc) | GhcAhciEnable) & ~GhcInterruptEnable);
            hba.Write(Is, 0xFFFFFFFF);

            int port = FirstDisk(hba);
            if (port < 0)
            {
                absent = true;
                why = string.Concat("no SATA disk on the controller at ", where);
                return null;
            }
            // Before the DMA memory: a predecessor's command still running
            // then would be blamed on this driver.
            if (!AhciPort.StopEngine(hba, port))
            {
                why = string.Concat("port ", port.ToString(), "'s engine does not stop");
                return null;
            }
            status = Devices.AllocateDma(AhciPort.DmaBytes, out ulong memory, out ulong physical);
            if (status != Status.Ok)
            {
                why = string.Concat("no DMA memory: ", status.ToString());
                return null;
            }
            if (physical + AhciPort.DmaBytes > 0x1_0000_0000UL && (hba.Read(Cap) & CapS64a) == 0)
            {
                why = "DMA memory above 4 GiB and the HBA has 32-bit addresses only";
                return null;
            }
            Diagnostics.Print(string.Concat("ahci: controller ", controller.Vendor.ToString("x4"), ":", controller.Device.ToString("x4"), " at ", where,
                ", ports 0x", hba.Read(Pi).ToString("x"), ", disk on port ", port.ToString()));
            why = "";
            return new AhciPort(hba, port, (byte*)memory, physical);
        }

        // BIOS/OS handoff (AHCI 1.3.1, section 10.6.3): ask (OOS), wait
        // for the firmware to let go (BOS clear), then for it to finish
        // what it was doing (BB clear). Bounded: a firmware that never
        // answers leaves the driver to go on regardless, as the spec's
        // 2-second timeout does.
        private static void TakeOwnership(Mmio hba)
        {
            if ((hba.Read(Cap2) & Cap2Handoff) == 0)
                return;
            hba.Write(Bohc, hba.Read(Bohc) | BohcOsOwned);
            for (int polls = 0; polls < HandoffPolls && (hba.Read(Bohc) & BohcBiosOwned) != 0; polls++)
            {
            }
            for (int polls = 0; polls < HandoffPolls && (hba.Read(Bohc) & BohcBiosBusy) != 0; polls++)
            {
            }
        }

        private static int FirstDisk(Mmio hba)
        {
            uint implemented = hba.Read(Pi);
            for (int port = 0; port < 32; port++)
            {
                if ((implemented & (1u << port)) != 0 && AhciPort.HasDisk(hba, port))
                    return port;
            }
            return -1;
        }
    }
}
