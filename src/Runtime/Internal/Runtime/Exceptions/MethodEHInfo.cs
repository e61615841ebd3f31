namespace Internal.Runtime.Exceptions
{
    // ilc's per-frame record, the LSDA each FDE points to (in
    // .dotnet_eh_table; ilc's UnixObjectWriter writes it):
    //   main body: byte flags;
    //              [int32 relative pointer to associated data, if flags & 0x10];
    //              [int32 relative pointer to the EH clause table, if flags & 0x04];
    //              GC info (not read here).
    //   funclet:   byte flags (kind 1 = catch/finally/fault handler, 2 = filter);
    //              int32 relative pointer to the main body's record;
    //              uint32 offset of the funclet from the main body's start.
    // Relative pointers are relative to their own address. All offsets in the
    // clause table are from the main body's start; funclets follow the main
    // body, so one offset space covers a method and its funclets.
    internal unsafe struct MethodEHInfo
    {
        internal const byte KindMask = 0x03;
        internal const byte KindRoot = 0x00;
        internal const byte KindHandler = 0x01;
        internal const byte KindFilter = 0x02;
        private const byte HasEHInfo = 0x04;
        private const byte HasAssociatedData = 0x10;

        internal ulong MethodStart;   // the main body's first instruction
        internal byte Kind;           // of this frame: root, handler or filter
        internal byte* Clauses;       // the clause table, or null when the method has none

        internal static MethodEHInfo Decode(in ExceptionTables tables, in FrameDescription frame)
        {
            var info = new MethodEHInfo { MethodStart = frame.Start };
            if (frame.Lsda == null)
                return info;
            var reader = new TableReader(tables.ImageStart, tables.ImageEnd, frame.Lsda);
            byte flags = reader.ReadByte();
            info.Kind = (byte)(flags & KindMask);
            if (info.Kind == 3)
                Corrupt.Fail("an LSDA of unknown kind");
            if (info.Kind != KindRoot)
            {
                byte* mainRecord = reader.ReadRelativePointer();
                info.MethodStart = frame.Start - reader.ReadUInt32();
                reader.Seek(mainRecord);
                flags = reader.ReadByte();
                if ((flags & KindMask) != KindRoot)
                    Corrupt.Fail("a funclet's LSDA does not lead to a method body");
            }
            if ((flags & HasAssociatedData) != 0)
                reader.ReadInt32();
            if ((flags & HasEHInfo) != 0)
            {
                info.Clauses = reader.ReadRelativePointer();
                if (info.Clauses < tables.ImageStart || info.Clauses >= tables.ImageEnd)
                    Corrupt.Fail("an EH clause table outside the image");
            }
            return info;
        }
    }

    internal unsafe struct EHClause
    {
        // Clause kinds in the table (RhEHClauseKind).
        internal const uint TypedKind = 0;       // catch (T): Type
        internal const uint FaultKind = 1;       // finally and fault
        internal const uint FilterKind = 2;      // catch when (...): Filter then Handler

        internal uint Kind;
        internal uint TryStart;               // [TryStart, TryEnd), offsets from the method start
        internal uint TryEnd;
        internal ulong Handler;               // funclet address
        internal ulong Filter;                // filter funclet address (Filter kind)
        internal MethodTable* Type;           // exception type (Typed kind)

        // For a return address the JIT keeps a call's return address inside
        // its try region (it pads a call ending the region), so the same
        // half-open test works for return addresses and faulting instructions.
        internal bool Contains(uint offset) => offset >= TryStart && offset < TryEnd;
    }

    // The clause table (ilc's EncodeEHInfo), compressed integers:
    //   count; then per clause: try start; (try length << 2) | kind;
    //   handler offset; then int32 relative pointer to the MethodTable
    //   (typed) or the filter offset (filter).
    // Clauses are ordered innermost first, so the first match is the one that
    // applies. When two separate try regions compile to the same code range,
    // ilc separates their clause runs with an empty fault clause (all zeros),
    // which matches nothing.
    internal unsafe struct EHClauseEnumerator
    {
        private TableReader _reader;
        private uint _remaining;
        private ulong _methodStart;
        private byte* _imageStart;
        private byte* _imageEnd;

        internal EHClauseEnumerator(in ExceptionTables tables, in MethodEHInfo method)
        {
            _reader = new TableReader(tables.ImageStart, tables.ImageEnd, method.Clauses);
            _remaining = method.Clauses == null ? 0 : _reader.ReadCompressedUInt32();
            _methodStart = method.MethodStart;
            _imageStart = tables.ImageStart;
            _imageEnd = tables.ImageEnd;
        }

        internal bool Next(out EHClause clause)
        {
            clause = default;
            if (_remaining == 0)
                return false;
            _remaining--;
            clause.TryStart = _reader.ReadCompressedUInt32();
            uint lengthAndKind = _reader.ReadCompressedUInt32();
            clause.Kind = lengthAndKind & 3;
            clause.TryEnd = clause.TryStart + (lengthAndKind >> 2);
            clause.Handler = _methodStart + _reader.ReadCompressedUInt32();
            if (clause.Kind == EHClause.TypedKind)
            {
                clause.Type = (MethodTable*)_reader.ReadRelativePointer();
                if ((byte*)clause.Type < _imageStart || (byte*)clause.Type >= _imageEnd)
                    Corrupt.Fail("a catch clause's type lies outside the image");
            }
            else if (clause.Kind == EHClause.FilterKind)
                clause.Filter = _methodStart + _reader.ReadCompressedUInt32();
            else if (clause.Kind != EHClause.FaultKind)
                Corrupt.Fail("an EH clause of unknown kind");
            return true;
        }
    }
}
