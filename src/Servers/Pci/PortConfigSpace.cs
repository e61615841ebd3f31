using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pci.Bus;

namespace Minix3.Cosmos.Servers.Pci
{
    // Mechanism #1 through the kernel (DevIo on pci's own ports): the
    // register's address to 0xCF8, then the bytes at 0xCFC + (offset & 3).
    // A refused port reads as all ones: no device.
    internal sealed class PortConfigSpace : IConfigSpace
    {
        public uint Read(int address, int offset, int width)
        {
            if (Devices.Out(ConfigAddress.AddressPort, 4, ConfigAddress.Encode(address, offset)) != Lib.Ipc.Status.Ok
                || Devices.In(ConfigAddress.DataPortFor(offset), width, out uint value) != Lib.Ipc.Status.Ok)
                return 0xFFFF_FFFFu >> (32 - 8 * width);
            return value;
        }

        public void Write(int address, int offset, int width, uint value)
        {
            if (Devices.Out(ConfigAddress.AddressPort, 4, ConfigAddress.Encode(address, offset)) == Lib.Ipc.Status.Ok)
                Devices.Out(ConfigAddress.DataPortFor(offset), width, value);
        }
    }
}
