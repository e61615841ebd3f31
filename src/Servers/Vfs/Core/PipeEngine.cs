using System;
using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // A read or write of a pipe that could not go on yet: the caller stays
    // blocked in its SendRec until VFS replies.
    public sealed class SuspendedCall
    {
        public SuspendedCall(int caller, bool isRead, OpenFile file, long grant, int length)
        {
            Caller = caller;
            IsRead = isRead;
            File = file;
            Grant = grant;
            Length = length;
        }

        public int Caller { get; }
        public bool IsRead { get; }
        public OpenFile File { get; }
        public long Grant { get; }
        public int Length { get; }
    }

    // Reads and writes of pipes, with the table of suspended ones. A read of
    // an empty pipe that still has writers waits; with no writer left it is
    // the end of file (0). A write takes what fits (a short count is fine);
    // a full pipe holds the writer back; with no reader left the write is
    // BrokenPipe. Every change of a pipe (bytes in or out, an end closed)
    // retries the calls waiting on it, oldest first.
    public sealed class PipeEngine
    {
        public const int Suspended = int.MinValue;

        private readonly IUserMemory _memory;
        private readonly List<SuspendedCall> _waiting = new List<SuspendedCall>();
        private readonly byte[] _scratch = new byte[VfsLimits.PipeCapacity];

        public PipeEngine(IUserMemory memory) => _memory = memory;

        public int WaitingCount => _waiting.Count;

        // Told after every change of a pipe (bytes in or out, an end
        // closed), once the calls waiting on it have been retried: polls
        // naming it look again (PollEngine.PipeChanged).
        public Action<PipeBuffer>? Changed { get; set; }

        // Pipes with an end still open; each holds PipeCapacity bytes of
        // VFS's memory, so there are at most MaxPipes.
        public const int MaxPipes = 128;
        public int OpenPipes { get; private set; }

        // A new pipe, or null when MaxPipes are open.
        public PipeBuffer? Create()
        {
            if (OpenPipes >= MaxPipes)
                return null;
            OpenPipes++;
            return new PipeBuffer();
        }

        // Bytes read, a status, or Suspended (the reply comes later).
        public int Read(int caller, OpenFile file, long grant, int length)
        {
            int result = TryRead(caller, file.Pipe!, grant, length);
            if (result == Suspended)
                _waiting.Add(new SuspendedCall(caller, true, file, grant, length));
            else if (result > 0)
                Wake(file.Pipe!);
            return result;
        }

        public int Write(int caller, OpenFile file, long grant, int length)
        {
            int result = TryWrite(caller, file.Pipe!, grant, length);
            if (result == Suspended)
                _waiting.Add(new SuspendedCall(caller, false, file, grant, length));
            else if (result > 0)
                Wake(file.Pipe!);
            return result;
        }

        // A pipe end lost its last descriptor: its peers may now end.
        public void Released(OpenFile file)
        {
            if (file.Pipe == null)
                return;
            if (file.Pipe.Readers == 0 && file.Pipe.Writers == 0 && !file.Pipe.Retired)
            {
                file.Pipe.Retired = true;      // both ends may be released in one exit
                OpenPipes--;
            }
            Wake(file.Pipe);
        }

        // Forgets the caller's waiting calls (it exited); how many there were.
        public int CancelCaller(int caller)
        {
            int removed = 0;
            for (int i = _waiting.Count - 1; i >= 0; i--)
            {
                if (_waiting[i].Caller != caller)
                    continue;
                _waiting.RemoveAt(i);
                removed++;
            }
            return removed;
        }

        private int TryRead(int caller, PipeBuffer pipe, long grant, int length)
        {
            if (length == 0)
                return 0;
            if (pipe.Count == 0)
                return pipe.Writers > 0 ? Suspended : 0;
            int n = pipe.Peek(_scratch.AsSpan(0, length < _scratch.Length ? length : _scratch.Length));
            int status = _memory.CopyToUser(caller, grant, 0, _scratch, n);
            if (status != Status.Ok)
                return status;
            pipe.Consume(n);
            return n;
        }

        private int TryWrite(int caller, PipeBuffer pipe, long grant, int length)
        {
            if (pipe.Readers == 0)
                return VfsStatus.BrokenPipe;
            if (length == 0)
                return 0;
            if (pipe.Space == 0)
                return Suspended;
            int n = length < pipe.Space ? length : pipe.Space;
            int status = _memory.CopyFromUser(caller, grant, 0, _scratch, n);
            if (status != Status.Ok)
                return status;
            return pipe.Write(_scratch.AsSpan(0, n));
        }

        // Retries the calls waiting on pipe until none can go on; each one
        // that ends is answered.
        private void Wake(PipeBuffer pipe)
        {
            bool progress = true;
            while (progress)
            {
                progress = false;
                for (int i = 0; i < _waiting.Count; i++)
                {
                    SuspendedCall call = _waiting[i];
                    if (call.File.Pipe != pipe)
                        continue;
                    int result = call.IsRead
                        ? TryRead(call.Caller, pipe, call.Grant, call.Length)
                        : TryWrite(call.Caller, pipe, call.Grant, call.Length);
                    if (result == Suspended)
                        continue;
                    _waiting.RemoveAt(i);
                    _memory.Reply(call.Caller, result < 0 ? result : Status.Ok, result < 0 ? 0 : result);
                    progress = true;
                    break;
                }
            }
            Changed?.Invoke(pipe);
        }
    }
}
