namespace Internal.Runtime.Exceptions
{
    // A cursor over one table that never reads outside [start, end): the
    // bounds are the section (or image) the table must lie in. Little-endian,
    // unaligned reads.
    internal unsafe struct TableReader
    {
        private readonly byte* _start;
        private readonly byte* _end;
        private byte* _position;

        internal TableReader(byte* start, byte* end, byte* position)
        {
            _start = start;
            _end = end;
            _position = start;
            Seek(position);
        }

        internal byte* Position => _position;

        internal bool AtEnd => _position >= _end;

        internal void Seek(byte* position)
        {
            if (position < _start || position > _end)
                Corrupt.Fail("a table reference points outside its section");
            _position = position;
        }

        private byte* Take(int count)
        {
            if (count > _end - _position)
                Corrupt.Fail("a table runs past the end of its section");
            byte* at = _position;
            _position += count;
            return at;
        }

        internal byte ReadByte() => *Take(1);

        internal ushort ReadUInt16()
        {
            byte* p = Take(2);
            return (ushort)(p[0] | p[1] << 8);
        }

        internal uint ReadUInt32()
        {
            byte* p = Take(4);
            return (uint)(p[0] | p[1] << 8 | p[2] << 16 | p[3] << 24);
        }

        internal int ReadInt32() => (int)ReadUInt32();

        internal ulong ReadUInt64()
        {
            ulong low = ReadUInt32();
            return low | (ulong)ReadUInt32() << 32;
        }

        // A 32-bit offset relative to its own address (ilc's RELPTR32 and the
        // EH clauses' type references): returns the target address.
        internal byte* ReadRelativePointer()
        {
            byte* field = _position;
            return field + ReadInt32();
        }

        // DWARF LEB128.
        internal ulong ReadULeb128()
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = ReadByte();
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                    return result;
            }
            Corrupt.Fail("an over-long LEB128 number");
            return 0;
        }

        internal long ReadSLeb128()
        {
            long result = 0;
            int shift = 0;
            byte b;
            do
            {
                if (shift >= 64)
                    Corrupt.Fail("an over-long LEB128 number");
                b = ReadByte();
                result |= (long)(b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (shift < 64 && (b & 0x40) != 0)
                result |= -1L << shift;
            return result;
        }

        // A DWARF exception-header pointer (DW_EH_PE_*): low nibble the value
        // format, bits 4-6 how to apply it. ilc's CIE says pcrel|sdata4
        // (0x1B) for code and LSDA pointers; absolute values are accepted
        // too; text-, data- and function-relative, aligned and indirect
        // pointers are not.
        internal const byte PointerOmitted = 0xFF;

        internal ulong ReadEncodedPointer(byte encoding)
        {
            if (encoding == PointerOmitted)
                return 0;
            ulong field = (ulong)_position;
            ulong value = (encoding & 0x0F) switch
            {
                0x00 => ReadUInt64(),                  // absptr
                0x01 => ReadULeb128(),
                0x02 => ReadUInt16(),
                0x03 => ReadUInt32(),
                0x04 => ReadUInt64(),
                0x09 => (ulong)ReadSLeb128(),
                0x0A => (ulong)(long)(short)ReadUInt16(),
                0x0B => (ulong)(long)ReadInt32(),
                0x0C => ReadUInt64(),
                _ => Unsupported(),
            };
            int application = encoding & 0x70;
            if (application == 0x10)
                return value + field;                 // pcrel
            if (application != 0 || (encoding & 0x80) != 0)
                Unsupported();
            return value;
        }

        private static ulong Unsupported()
        {
            Corrupt.Fail("unsupported DWARF pointer encoding");
            return 0;
        }

        // NativeAOT's compressed unsigned integer (ilc's EmitCompressedUInt):
        // the low bits of the first byte give the length: xxxxxxx0 one byte
        // (value = byte >> 1), xxxxxx01 two (>> 2), xxxxx011 three (>> 3),
        // xxxx0111 four (>> 4), 00001111 then a plain 32-bit value.
        internal uint ReadCompressedUInt32()
        {
            byte first = ReadByte();
            if ((first & 1) == 0)
                return (uint)first >> 1;
            if ((first & 2) == 0)
                return ((uint)first | (uint)ReadByte() << 8) >> 2;
            if ((first & 4) == 0)
                return ((uint)first | (uint)ReadUInt16() << 8) >> 3;
            if ((first & 8) == 0)
                return ((uint)first | (uint)ReadUInt16() << 8 | (uint)ReadByte() << 24) >> 4;
            if (first != 0x0F)
                Corrupt.Fail("a malformed compressed integer");
            return ReadUInt32();
        }
    }
}
