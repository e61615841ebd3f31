using System;

namespace Minix3.Cosmos.Commands.Common;

// The checksum of POSIX cksum: a CRC-32 with the polynomial 0x04C11DB7
// processed most significant bit first, no initial value, over the data and
// then the data's length (least significant byte first, only as many bytes
// as it needs), complemented at the end. Not the zlib CRC-32 (reflected,
// different start): the values match `cksum` of GNU coreutils and every
// other POSIX system. Feed the data in pieces with Update, then Finish.
public struct Cksum
{
    private static uint[]? s_table;
    private uint _crc;

    public long Length { get; private set; }

    public void Update(ReadOnlySpan<byte> data)
    {
        uint[] table = Table();
        uint crc = _crc;
        foreach (byte b in data)
            crc = (crc << 8) ^ table[(crc >> 24) ^ b];
        _crc = crc;
        Length += data.Length;
    }

    public uint Finish()
    {
        uint[] table = Table();
        uint crc = _crc;
        for (ulong n = (ulong)Length; n != 0; n >>= 8)
            crc = (crc << 8) ^ table[(crc >> 24) ^ (byte)n];
        return ~crc;
    }

    public static uint Of(ReadOnlySpan<byte> data)
    {
        var sum = new Cksum();
        sum.Update(data);
        return sum.Finish();
    }

    // cksum's output line: "<crc> <bytes> <name>", the name left out for
    // standard input.
    public static string Line(uint crc, long length, string? name) =>
        name == null ? crc.ToString() + " " + length.ToString() : crc.ToString() + " " + length.ToString() + " " + name;

    private static uint[] Table()
    {
        if (s_table != null)
            return s_table;
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint value = i << 24;
            for (int bit = 0; bit < 8; bit++)
                value = (value & 0x80000000) != 0 ? (value << 1) ^ 0x04C11DB7 : value << 1;
            table[i] = value;
        }
        s_table = table;
        return table;
    }
}
