using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common.Text;

// Text to and from UTF-8 for arguments that become bytes (a pattern, a
// delimiter, yes's line) and bytes that become text (the editor's lines).
// The corelib has no Encoding class.
public static class Utf8Text
{
    public static byte[] Encode(string text)
    {
        var sink = new Collector();
        var buffer = new OutputBuffer(sink, text.Length * 3 + 8);
        buffer.Write(text);
        buffer.Flush();
        return sink.Bytes.ToArray();
    }

    // Invalid sequences become U+FFFD, one per byte.
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        int count = 0;
        for (int i = 0; i < bytes.Length; )
        {
            int b = bytes[i];
            int length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
            int value = length == 1 ? b : length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07;
            bool valid = length > 0 && i + length <= bytes.Length;
            for (int k = 1; valid && k < length; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80)
                    valid = false;
                else
                    value = (value << 6) | (bytes[i + k] & 0x3F);
            }
            if (!valid || value > 0xFFFF)
            {
                // Characters beyond the basic plane are not needed here.
                chars[count++] = '\uFFFD';
                i += valid ? length : 1;
                continue;
            }
            chars[count++] = (char)value;
            i += length;
        }
        return new string(chars, 0, count);
    }

    private sealed class Collector : IByteSink
    {
        public readonly List<byte> Bytes = new List<byte>();

        public int Write(ReadOnlySpan<byte> data)
        {
            for (int i = 0; i < data.Length; i++)
                Bytes.Add(data[i]);
            return data.Length;
        }
    }
}
