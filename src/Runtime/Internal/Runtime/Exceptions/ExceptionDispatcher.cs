using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Minix3.Cosmos.Runtime;

namespace Internal.Runtime.Exceptions
{
    // Two-pass dispatch, as NativeAOT does it. The first pass walks up from
    // the throw site asking each frame's clauses, innermost first, whether a
    // catch takes the exception (calling filters as it goes) and touches
    // nothing. If none does the exception is unhandled: the component fails
    // with the stack intact. Otherwise the second pass walks the same frames
    // again running the finally/fault funclets of every try being left, up
    // to the catching clause, then calls the catch funclet and resumes at the
    // continuation it returns, in the catching frame.
    //
    // Funclet contract with ilc (x64, NativeAOT ABI): funclets run on the
    // dispatcher's stack and reach the parent frame's locals through rbp,
    // which the helpers set (with rbx, r12-r15) from the frame's context. A
    // catch funclet takes the exception in rdi and returns the continuation
    // address; a filter takes it in rdi and returns nonzero to catch; a
    // finally takes nothing. Funclets do not preserve callee-saved registers.
    //
    // Runs on the thread that threw, allocates nothing (the exception object
    // exists already), and keeps per exception only an ExInfo and a frame
    // iterator in its own frame. One thread per image: the ExInfo list is a
    // single global (RhpExInfoHead), like everything else in this runtime.
    internal static unsafe class ExceptionDispatcher
    {
        private const int MaxNestedDispatches = 16;

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "RhpExceptionLayout")]
        private static extern void GetTables(ExceptionTables* tables);

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "RhpCallCatchFunclet")]
        private static extern void CallCatchFunclet(object exception, ulong handler, RegisterContext* frame, ExInfo* exInfo);

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "RhpCallFinallyFunclet")]
        private static extern void CallFinallyFunclet(ulong handler, RegisterContext* frame, ExInfo* exInfo);

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "RhpCallFilterFunclet")]
        private static extern int CallFilterFunclet(object exception, ulong filter, RegisterContext* frame);

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "RhpResumeAt")]
        private static extern void ResumeAt(RegisterContext* context, ulong rax);

        // The exception being handled by the innermost running catch (for `throw;`).
        internal static object? ActiveException()
        {
            ExceptionTables tables;
            GetTables(&tables);
            ExInfo* newest = *tables.Head;
            if (newest == null)
                return null;
            nint address = newest->Exception;
            return Unsafe.As<nint, object>(ref address);
        }

        // Never returns: control continues in a catch's continuation, or the
        // component fails.
        internal static void Dispatch(object exception, in RegisterContext throwSite, bool isActive)
        {
            ExceptionTables tables;
            GetTables(&tables);
            ExInfo exInfo = default;
            exInfo.Exception = *(nint*)Unsafe.AsPointer(ref exception);
            exInfo.ClauseIndex = StackFrameIterator.NoClause;
            Push(tables, &exInfo);

            // First pass: find the handler; change nothing.
            var frames = new StackFrameIterator();
            frames.Init(tables, throwSite, isActive);
            ulong handler = 0;
            uint catchClause = StackFrameIterator.NoClause;
            for (; frames.Kind != FrameKind.FilterCall; frames.Next(tables))
            {
                if (frames.Kind == FrameKind.End)
                    Unhandled(exception);
                if (FindHandler(tables, ref frames, exception, out catchClause, out handler))
                    break;
            }
            ulong handlingFrame = frames.Context.Rsp;

            // Second pass: run the finallys of everything being left.
            frames.Init(tables, throwSite, isActive);
            while (frames.Context.Rsp != handlingFrame)
            {
                if (frames.Kind == FrameKind.End)
                    Corrupt.Fail("the handling frame vanished in the second pass");
                RunFinallys(tables, ref frames, &exInfo, StackFrameIterator.NoClause);
                frames.Next(tables);
            }
            if (frames.Kind == FrameKind.FilterCall)
                ResumeAt(&frames.Context, 0);     // the filter that threw says "no"
            RunFinallys(tables, ref frames, &exInfo, catchClause);

            exInfo.Frame = frames.Context;
            exInfo.FrameIsActive = frames.IsActive;
            exInfo.ClauseIndex = catchClause;
            CallCatchFunclet(exception, handler, &exInfo.Frame, &exInfo);
            Corrupt.Fail("a catch funclet came back to the dispatcher");
        }

        private static void Push(in ExceptionTables tables, ExInfo* exInfo)
        {
            int depth = 0;
            for (ExInfo* older = *tables.Head; older != null; older = older->Previous)
            {
                if (++depth >= MaxNestedDispatches)
                    Corrupt.Fail("exceptions nested too deeply (an exception thrown while dispatching one?)");
                if (older <= exInfo)
                    Corrupt.Fail("a finished dispatch is still listed as active");
            }
            exInfo->Previous = *tables.Head;
            *tables.Head = exInfo;
        }

        private static void Unhandled(object exception)
        {
            if (exception is Exception managed)
                RuntimeEnvironment.Fail(string.Concat("unhandled ", managed.Kind, ": ", managed.Message));
            RuntimeEnvironment.Fail("unhandled exception: an object that is not an Exception");
        }

        private static bool FindHandler(in ExceptionTables tables, ref StackFrameIterator frames, object exception, out uint clauseIndex, out ulong handler)
        {
            clauseIndex = StackFrameIterator.NoClause;
            handler = 0;
            if (frames.Method.Clauses == null)
                return false;
            uint offset = frames.CodeOffset;
            var clauses = new EHClauseEnumerator(tables, frames.Method);
            var skipper = new EHClauseSkipper(frames.StartClause);
            for (uint index = 0; clauses.Next(out EHClause clause); index++)
            {
                if (skipper.Skip(index, clause) || clause.Kind == EHClause.FaultKind || !clause.Contains(offset))
                    continue;
                bool catches;
                if (clause.Kind == EHClause.TypedKind)
                {
                    catches = TypeCast.IsInstanceOfException(clause.Type, exception);
                }
                else
                {
                    CheckFunclet(tables, clause.Filter, frames.Method.MethodStart, MethodEHInfo.KindFilter);
                    fixed (RegisterContext* context = &frames.Context)
                        catches = CallFilterFunclet(exception, clause.Filter, context) != 0;
                }
                if (catches)
                {
                    CheckFunclet(tables, clause.Handler, frames.Method.MethodStart, MethodEHInfo.KindHandler);
                    clauseIndex = index;
                    handler = clause.Handler;
                    return true;
                }
            }
            return false;
        }

        // Runs the frame's finally/fault funclets whose try contains the
        // frame's position, innermost first, stopping before clause `limit`.
        private static void RunFinallys(in ExceptionTables tables, ref StackFrameIterator frames, ExInfo* exInfo, uint limit)
        {
            if (frames.Kind != FrameKind.Managed || frames.Method.Clauses == null)
                return;
            uint offset = frames.CodeOffset;
            var clauses = new EHClauseEnumerator(tables, frames.Method);
            var skipper = new EHClauseSkipper(frames.StartClause);
            for (uint index = 0; index < limit && clauses.Next(out EHClause clause); index++)
            {
                if (skipper.Skip(index, clause) || clause.Kind != EHClause.FaultKind || !clause.Contains(offset))
                    continue;
                CheckFunclet(tables, clause.Handler, frames.Method.MethodStart, MethodEHInfo.KindHandler);
                exInfo->Frame = frames.Context;
                exInfo->FrameIsActive = frames.IsActive;
                exInfo->ClauseIndex = index;
                CallFinallyFunclet(clause.Handler, &exInfo->Frame, exInfo);
            }
        }

        // Never jump to an address the tables merely claim is a handler: it
        // must start an FDE whose LSDA says it is a funclet of this method.
        private static void CheckFunclet(in ExceptionTables tables, ulong address, ulong methodStart, byte kind)
        {
            if (!DwarfUnwinder.FindFrame(tables, address, true, out FrameDescription funclet))
                Corrupt.Fail("a handler address that starts no code");
            MethodEHInfo info = MethodEHInfo.Decode(tables, funclet);
            if (info.Kind != kind || info.MethodStart != methodStart)
                Corrupt.Fail("a handler address that is not a funclet of its method");
        }
    }
}
