using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pci.Bus;

namespace Minix3.Cosmos.Unit.Servers.Pci;

// A configuration space in memory: each function 256 bytes, each BAR with
// the size its decoder implements (writes of all ones keep only the bits
// above the size, as hardware does). Records every write, so tests can see
// what enumeration touched.
public sealed class FakeBus : IConfigSpace
{
    private readonly Dictionary<int, byte[]> _functions = new();
    private readonly Dictionary<(int, int), ulong> _barSizes = new();

    public List<(int Address, int Offset, int Width, uint Value)> Writes { get; } = new();

    public byte[] Add(int bus, int device, int function, ushort vendor, ushort deviceId, uint classCode, byte headerType = 0)
    {
        var config = new byte[256];
        Put(config, 0, 2, vendor);
        Put(config, 2, 2, deviceId);
        Put(config, 8, 4, classCode << 8 | 0x02);   // revision 2
        config[0x0E] = headerType;
        _functions[PciAddress.Of(bus, device, function)] = config;
        return config;
    }

    // An I/O BAR (flag bit 0) or 32-bit memory BAR at `base`, `size` bytes; `prefetchable` sets bit 3.
    public void Bar(int bus, int device, int function, int index, bool io, uint @base, ulong size, bool prefetchable = false)
    {
        byte[] config = _functions[PciAddress.Of(bus, device, function)];
        Put(config, 0x10 + 4 * index, 4, @base | (io ? 1u : 0u) | (prefetchable ? 8u : 0u));
        _barSizes[(PciAddress.Of(bus, device, function), index)] = size;
    }

    // A 64-bit memory BAR (type 2) in registers index and index + 1.
    public void WideBar(int bus, int device, int function, int index, ulong @base, ulong size)
    {
        byte[] config = _functions[PciAddress.Of(bus, device, function)];
        Put(config, 0x10 + 4 * index, 4, (uint)@base | 4u);
        Put(config, 0x14 + 4 * index, 4, (uint)(@base >> 32));
        _barSizes[(PciAddress.Of(bus, device, function), index)] = size;
        _barSizes[(PciAddress.Of(bus, device, function), index + 1)] = size;   // the upper half of the same decoder
    }

    public byte[] Config(int address) => _functions[address];

    public uint Read(int address, int offset, int width)
    {
        if (!_functions.TryGetValue(address, out byte[]? config))
            return 0xFFFF_FFFFu >> (32 - 8 * width);
        uint value = 0;
        for (int i = width - 1; i >= 0; i--)
            value = value << 8 | config[offset + i];
        return value;
    }

    public void Write(int address, int offset, int width, uint value)
    {
        Writes.Add((address, offset, width, value));
        if (!_functions.TryGetValue(address, out byte[]? config))
            return;
        if (width == 4 && offset >= 0x10 && offset < 0x28 && value == 0xFFFF_FFFF)
        {
            int index = (offset - 0x10) / 4;
            if (!_barSizes.TryGetValue((address, index), out ulong size))
                value = 0;   // unimplemented: reads back 0
            else
            {
                uint flags = Read(address, offset, 4);
                bool upperHalf = index > 0 && _barSizes.TryGetValue((address, index - 1), out ulong lower) && lower == size
                    && (Read(address, offset - 4, 4) & 7) == 4;
                ulong mask = ~(size - 1);
                if (upperHalf)
                    value = (uint)(mask >> 32);
                else
                    value = (uint)mask & ((flags & 1) != 0 ? 0xFFFF_FFFCu : 0xFFFF_FFF0u) | (flags & ((flags & 1) != 0 ? 3u : 0xFu));
                if (!upperHalf && (flags & 1) != 0)
                    value &= 0x0000_FFFF;   // a 16-bit I/O decoder: the upper half reads 0
            }
        }
        Put(config, offset, width, value);
    }

    private static void Put(byte[] config, int offset, int width, uint value)
    {
        for (int i = 0; i < width; i++)
            config[offset + i] = (byte)(value >> (8 * i));
    }
}
