namespace Internal.Runtime.Exceptions
{
    internal enum FrameKind : byte
    {
        // A frame of ilc-compiled code (a method body or a funclet).
        Managed,
        // The frame of RhpCallFilterFunclet: the exception left a filter. It
        // is caught here, and the filter is made to answer "no".
        FilterCall,
        // Code without unwind data (assembly, the start of the stack): the
        // walk ends, and anything not handled by now is unhandled.
        End,
    }

    // Walks the stack from the throw site towards its base, frame by frame,
    // as the two dispatch passes need it. Frames of the dispatcher itself are
    // never visited: leaving a catch or finally funclet the walk continues in
    // the frame whose clause that funclet is (the "collided unwind" of
    // NativeAOT), with the clauses up to that one marked as done; a filter
    // call ends the walk (FrameKind.FilterCall).
    internal unsafe struct StackFrameIterator
    {
        internal const uint NoClause = uint.MaxValue;
        private const int MaxFrames = 4096;

        internal RegisterContext Context;
        // Context.Rip is a faulting instruction, not a return address.
        internal bool IsActive;
        // Clauses up to this index (and the rest of that try's clauses) were
        // already dealt with by an older dispatch: see EHClauseSkipper.
        internal uint StartClause;
        internal FrameKind Kind;
        internal MethodEHInfo Method;
        private FrameDescription _frame;
        private int _depth;

        internal void Init(in ExceptionTables tables, in RegisterContext context, bool isActive)
        {
            Context = context;
            IsActive = isActive;
            StartClause = NoClause;
            _depth = 0;
            Classify(tables);
        }

        // The address inside the instruction the frame is executing.
        private ulong LookupAddress => IsActive ? Context.Rip : Context.Rip - 1;

        private void Classify(in ExceptionTables tables)
        {
            Method = default;
            if (Context.Rip == tables.FilterReturn)
            {
                Kind = FrameKind.FilterCall;
                return;
            }
            if (Context.Rip == 0 || !DwarfUnwinder.FindFrame(tables, LookupAddress, false, out _frame))
            {
                Kind = FrameKind.End;
                return;
            }
            Kind = FrameKind.Managed;
            Method = MethodEHInfo.Decode(tables, _frame);
        }

        internal void Next(in ExceptionTables tables)
        {
            if (Kind != FrameKind.Managed)
            {
                Kind = FrameKind.End;
                return;
            }
            if (++_depth > MaxFrames)
                Corrupt.Fail("the stack is deeper than any real one");
            DwarfUnwinder.Unwind(tables, _frame, LookupAddress, ref Context);
            IsActive = false;
            StartClause = NoClause;
            if (Context.Rip == tables.CatchReturn || Context.Rip == tables.FinallyReturn)
            {
                // The helper left the ExInfo that called this funclet just
                // above the funclet's return address (src/Asm ExceptionStubs).
                ExInfo* owner = *(ExInfo**)Context.Rsp;
                if (!IsActiveDispatch(tables, owner))
                    Corrupt.Fail("a funclet frame without its dispatch");
                Context = owner->Frame;
                IsActive = owner->FrameIsActive;
                StartClause = owner->ClauseIndex;
            }
            Classify(tables);
        }

        private static bool IsActiveDispatch(in ExceptionTables tables, ExInfo* candidate)
        {
            for (ExInfo* info = *tables.Head; info != null; info = info->Previous)
            {
                if (info == candidate)
                    return true;
            }
            return false;
        }

        // The frame's offset in its method, for the clause tables.
        internal uint CodeOffset => (uint)(Context.Rip - Method.MethodStart);
    }

    // Skips the clauses an older dispatch already handled in a frame reached
    // by a collided unwind: those up to StartClause, then any that follow
    // with the same try range (siblings of the same try: a second catch of a
    // try whose catch threw must not catch). ilc's empty separator clause
    // ends a run of same-range clauses belonging to different trys.
    internal struct EHClauseSkipper
    {
        private uint _start;
        private uint _tryStart;
        private uint _tryEnd;

        internal EHClauseSkipper(uint startClause)
        {
            _start = startClause;
            _tryStart = 0;
            _tryEnd = 0;
        }

        internal bool Skip(uint index, in EHClause clause)
        {
            if (_start == StackFrameIterator.NoClause)
                return false;
            if (index <= _start)
            {
                _tryStart = clause.TryStart;
                _tryEnd = clause.TryEnd;
                return true;
            }
            if (clause.TryStart == _tryStart && clause.TryEnd == _tryEnd)
                return true;
            _start = StackFrameIterator.NoClause;
            return false;
        }
    }
}
