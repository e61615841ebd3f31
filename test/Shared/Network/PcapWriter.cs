using System;
using System.Buffers.Binary;
using System.IO;

namespace Minix3.Cosmos.Testing.Network;

// A capture file of Ethernet frames in the classic pcap format (Wireshark
// and tcpdump -r read it): a 24-byte file header (magic a1b2c3d4 in
// little-endian order, version 2.4, snap length, link type 1 = Ethernet),
// then per frame a 16-byte record header (seconds, microseconds, captured
// and original length) and the frame.
internal sealed class PcapWriter : IDisposable
{
    private readonly FileStream _file;

    public PcapWriter(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0), 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), StreamFraming.MaxFrame);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        _file.Write(header);
    }

    public void Write(byte[] frame)
    {
        long microseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var record = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(0), (uint)(microseconds / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), (uint)(microseconds % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)frame.Length);
        lock (_file)
        {
            // Frames still arriving while the relay shuts down are not kept.
            if (!_file.CanWrite)
                return;
            _file.Write(record);
            _file.Write(frame);
        }
    }

    public void Dispose()
    {
        lock (_file)
            _file.Dispose();
    }
}
