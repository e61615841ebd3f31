using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Tty
{
    // The authority to map a framebuffer whose address differs per machine:
    // a linear framebuffer is a memory BAR of the display adapter, so TTY
    // claims the adapter from pci (the `pci` lines of Tty.policy name the
    // adapters it may take) and pci has the kernel add that adapter's BARs
    // to TTY's record, as for any driver. TTY claims the listed adapters
    // present in bus order until one holds the framebuffer; an adapter
    // claimed on the way stays TTY's (pci has no release), which only
    // keeps another driver from it.
    internal static unsafe class DisplayDevices
    {
        // The policy validator allows 8 `pci` lines; pci answers NoDevice past the last present.
        private const int MaxAdapters = 8;
        private const int MaxBars = 6;

        // Claims the adapter whose memory BAR holds [address, address + bytes)
        // and says which one in the log; false (with the reason logged) when
        // none does, or pci cannot be asked.
        public static bool Claim(ulong address, ulong bytes)
        {
            for (int index = 0; index < MaxAdapters; index++)
            {
                int status = PciClient.Claim(0, 0, index, out PciDeviceReply adapter);
                if (status == PciStatus.NoDevice)
                    break;
                if (status != Status.Ok)
                {
                    Diagnostics.Print(string.Concat("tty: pci did not give a display adapter (status ", status.ToString(), ")"));
                    return false;
                }
                for (int bar = 0; bar < MaxBars; bar++)
                {
                    if (PciClient.Bar(adapter.Address, bar, out PciBarReply found) != Status.Ok || found.Kind != PciBarKind.Memory)
                        continue;
                    if (address >= found.Base && address - found.Base <= found.Size && bytes <= found.Size - (address - found.Base))
                    {
                        Diagnostics.Print(string.Concat("tty: framebuffer in BAR ", bar.ToString(), " of display adapter ",
                            adapter.Vendor.ToString("x4"), ":", adapter.Device.ToString("x4")));
                        return true;
                    }
                }
            }
            Diagnostics.Print(string.Concat("tty: no display adapter Tty.policy lists holds the framebuffer at 0x", address.ToString("x")));
            return false;
        }
    }
}
