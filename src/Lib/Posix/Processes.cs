using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Lib.Posix
{
    // POSIX-like process calls, each one SendRec to PM (PmProtocol.cs),
    // except Exit (the Exit kernel call: PM, the signal manager of every
    // user process, learns of it from the kernel's defect report) and
    // Sleep (an alarm). Results: >= 0 success, < 0 a status (Status or
    // PmStatus).
    //
    // Blocks (an exec's arguments, the process list) travel in the
    // messages themselves, a piece per exchange: a program needs no grant
    // table for PM, and the one the file calls publish stays theirs.
    public static unsafe class Processes
    {
        public const string ManagerLabel = "pm";

        private static Endpoint s_pm = Endpoint.None;
        private static string[]? s_arguments;
        private static string[]? s_environment;

        public static int Fork()                                               // 0 in the child, its pid in the parent
        {
            Message message = default;
            message.Type = PmRequest.Fork;
            int status = Call(&message);
            return status < 0 ? status : (int)PmPidReply.Of(&message)->Pid;
        }

        // Replaces this program; returns only on failure. path: "/bin/ls",
        // or a bare name looked up in /bin and then among the boot modules.
        // Arguments and environment strings must be ASCII without NUL (they
        // may be empty; BadArgument otherwise); the block must fit
        // PmLimits.MaxBlock.
        public static int Exec(string path, string[] arguments, string[] environment)
        {
            byte[]? block = ExecBlock(path, arguments, environment, out int status);
            if (block == null)
                return status;
            Message message;
            for (int offset = 0; offset < block.Length; offset += PmLimits.ExecDataBytes)
            {
                message = default;
                message.Type = PmRequest.ExecData;
                PmExecDataRequest* data = PmExecDataRequest.Of(&message);
                data->Offset = offset;
                data->Total = block.Length;
                byte* piece = data->Data;
                for (int i = 0; i < PmLimits.ExecDataBytes && offset + i < block.Length; i++)
                    piece[i] = block[offset + i];
                if ((status = Call(&message)) != Status.Ok)
                    return status;
            }
            message = default;
            message.Type = PmRequest.Exec;
            PmExecRequest* exec = PmExecRequest.Of(&message);
            exec->Length = block.Length;
            exec->Flags = ExecFlags.Staged | ExecFlags.Counted;
            exec->ArgumentCount = arguments.Length;
            exec->EnvironmentCount = environment.Length;
            return Call(&message);
        }

        // The caller's ids (getuid, geteuid, getgid, getegid), from PM.
        public static int GetIds(out PmIdentity identity)
        {
            identity = default;
            Message message = default;
            message.Type = PmRequest.GetIds;
            int status = Call(&message);
            if (status == Status.Ok)
                identity = *PmIdentity.Of(&message);
            return status;
        }

        public static int GetUid() => GetIds(out PmIdentity ids) < 0 ? -1 : ids.RealUid;
        public static int GetEffectiveUid() => GetIds(out PmIdentity ids) < 0 ? -1 : ids.EffectiveUid;
        public static int GetGid() => GetIds(out PmIdentity ids) < 0 ? -1 : ids.RealGid;
        public static int GetEffectiveGid() => GetIds(out PmIdentity ids) < 0 ? -1 : ids.EffectiveGid;

        // setuid/setgid: root sets real and effective to any id; anyone
        // else only its effective id back to its real one (NotAllowed).
        public static int SetUid(int uid) => SetId(PmRequest.SetUid, uid);
        public static int SetGid(int gid) => SetId(PmRequest.SetGid, gid);

        private static int SetId(int request, int id)
        {
            Message message = default;
            message.Type = request;
            PmSetId.Of(&message)->Id = id;
            return Call(&message);
        }

        public static string[] Arguments()                                     // argv; [0] is the program name
        {
            if (s_arguments == null)
                FetchArguments();
            return s_arguments!;
        }

        public static string[] Environment()                                   // "NAME=value"
        {
            if (s_environment == null)
                FetchArguments();
            return s_environment!;
        }

        // pid -1: any child. Returns the child's pid (0 with noHang and
        // none ended yet); exitStatus is its exit code, or 128 + signal
        // when a signal (or a fault) ended it.
        public static int Wait(int pid, out int exitStatus, bool noHang = false)
        {
            Message message = default;
            message.Type = PmRequest.Wait;
            PmWaitRequest* request = PmWaitRequest.Of(&message);
            request->Pid = pid;
            request->Flags = noHang ? WaitFlags.NoHang : 0;
            int status = Call(&message);
            PmWaitReply* reply = PmWaitReply.Of(&message);
            exitStatus = status < 0 ? 0 : (int)reply->ExitStatus;
            return status < 0 ? status : (int)reply->Pid;
        }

        public static int Kill(int pid, int signal)
        {
            Message message = default;
            message.Type = PmRequest.Kill;
            PmKillRequest* request = PmKillRequest.Of(&message);
            request->Pid = pid;
            request->Signal = signal;
            return Call(&message);
        }

        // Sends this process a signal (raise(3)): a signal whose action is
        // to end the process does not return; an ignored one does.
        public static void RaiseSignal(int signal)
        {
            int self = GetPid();
            if (self > 0)
                Kill(self, signal);
        }

        public static int GetPid() => Ids(parent: false);

        public static int GetParentPid() => Ids(parent: true);

        public static void Exit(int status) => Process.Exit(status);

        // An alarm from the kernel, or PM's sleep when the process catches
        // signals (Interrupted then, its handlers run: Signals.Sleep).
        public static int Sleep(long milliseconds) => Signals.Sleep(milliseconds, out _);

        // Milliseconds since boot by the kernel's clock (Times). Its tick is
        // the resolution: 10 ms at the default timer_hz of 100. Under QEMU
        // -icount the clock counts guest instructions, so it repeats.
        public static long Uptime()
        {
            Message message = default;
            TimesMessage* times = TimesMessage.Of(&message);
            if (Sys.Ipc.KernelCall(KernelCall.Times, &message) != Status.Ok || times->TicksPerSecond <= 0)
                return 0;
            return times->Ticks * 1000 / times->TicksPerSecond;
        }

        // Every process PM knows (servers and drivers too), up to
        // entries.Length; returns how many were filled.
        public static int ListProcesses(Span<ProcessEntry> entries)
        {
            int filled = 0;
            for (int index = 0; filled < entries.Length; index++)
            {
                Message message = default;
                message.Type = PmRequest.ListEntry;
                PmListEntryRequest.Of(&message)->Index = index;
                int status = Call(&message);
                if (status == Status.OutOfRange)
                    break;
                if (status < 0)
                    return filled > 0 ? filled : status;
                entries[filled++] = Unpack(&message);
            }
            return filled;
        }

        // Syncs the file systems, then powers off (or reboots).
        public static int Shutdown(bool reboot)
        {
            Message message = default;
            message.Type = PmRequest.Shutdown;
            PmShutdownRequest.Of(&message)->Reboot = reboot ? 1 : 0;
            return Call(&message);
        }

        public static int IgnoreSignal(int signal, bool ignore)
        {
            Message message = default;
            message.Type = PmRequest.Ignore;
            PmIgnoreRequest* request = PmIgnoreRequest.Of(&message);
            request->Signal = signal;
            request->Ignore = ignore ? 1 : 0;
            return Call(&message);
        }

        // "No such process" etc. for the statuses these calls return.
        public static string ErrorText(int status) => status switch
        {
            PmStatus.NoChildren => "no child processes",
            PmStatus.NoSuchProcess => "no such process",
            PmStatus.NotFound => "no such program",
            PmStatus.TooLong => "argument list or program too long",
            PmStatus.BadBlock => "malformed arguments",
            PmStatus.NotExecutable => "not an executable program",
            PmStatus.UnknownCaller => "not a process of the process manager",
            PmStatus.UnknownRequest => "not supported",
            Status.NotAllowed => "operation not permitted",
            Status.BadArgument => "invalid argument",
            Status.DeadEndpoint => "process manager not running",
            Status.NoMemory => "out of memory",
            _ => string.Concat("error ", status.ToString()),
        };

        private static int Ids(bool parent)
        {
            Message message = default;
            message.Type = PmRequest.GetPid;
            int status = Call(&message);
            PmGetPidReply* reply = PmGetPidReply.Of(&message);
            return status < 0 ? status : (int)(parent ? reply->Parent : reply->Pid);
        }

        // The trap's status if the exchange failed, else PM's. A restarted
        // PM is looked up again.
        internal static int Call(Message* message)
        {
            int request = message->Type;
            int result = CallOnce(message);
            Signals.AfterCall(request, result);
            return result;
        }

        private static int CallOnce(Message* message)
        {
            Message copy = *message;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                if (s_pm.IsNone)
                    s_pm = Endpoints.Lookup(ManagerLabel);
                if (s_pm.IsNone)
                    return Status.DeadEndpoint;
                *message = copy;
                int status = Sys.Ipc.SendRec(s_pm, message);
                if (status == Status.DeadEndpoint)
                {
                    s_pm = Endpoint.None;
                    continue;
                }
                return status != Status.Ok ? status : message->Type;
            }
            return Status.DeadEndpoint;
        }

        // "path\0arg0\0...\0\0env0\0...\0\0"
        private static byte[]? ExecBlock(string path, string[] arguments, string[] environment, out int status)
        {
            status = Status.BadArgument;
            if (path == null || path.Length == 0 || arguments == null || environment == null || !Valid(path))
                return null;
            int length = path.Length + 3;
            for (int i = 0; i < arguments.Length; i++)
            {
                if (arguments[i] == null || !Valid(arguments[i]))
                    return null;
                length += arguments[i].Length + 1;
            }
            for (int i = 0; i < environment.Length; i++)
            {
                if (environment[i] == null || !Valid(environment[i]))
                    return null;
                length += environment[i].Length + 1;
            }
            if (length > PmLimits.MaxBlock || arguments.Length + environment.Length > PmLimits.MaxStrings)
            {
                status = PmStatus.TooLong;
                return null;
            }
            byte[] block = new byte[length];
            int at = Put(block, 0, path);
            for (int i = 0; i < arguments.Length; i++)
                at = Put(block, at, arguments[i]);
            at++;
            for (int i = 0; i < environment.Length; i++)
                at = Put(block, at, environment[i]);
            status = Status.Ok;
            return block;
        }

        private static bool Valid(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == 0 || text[i] > 127)
                    return false;
            }
            return true;
        }

        private static int Put(byte[] block, int at, string text)
        {
            for (int i = 0; i < text.Length; i++)
                block[at + i] = (byte)text[i];
            return at + text.Length + 1;
        }

        // Asks PM for the block this program was exec'd with, a piece per
        // exchange (it is small, and needs no grant).
        private static void FetchArguments()
        {
            s_arguments = new string[0];
            s_environment = new string[0];
            byte[]? block = null;
            int argc = 0, envc = 0;
            for (int offset = 0; block == null || offset < block.Length; offset += PmLimits.InlineBytes)
            {
                Message message = default;
                message.Type = PmRequest.Arguments;
                PmArgumentsRequest.Of(&message)->Offset = offset;
                if (Call(&message) != Status.Ok)
                    return;
                PmArgumentsReply* reply = PmArgumentsReply.Of(&message);
                if (block == null)
                {
                    long length = reply->Length;
                    argc = (int)reply->ArgumentCount;
                    envc = (int)reply->EnvironmentCount;
                    if (length <= 0 || length > PmLimits.MaxBlock || argc < 0 || envc < 0 || argc + envc > PmLimits.MaxStrings)
                        return;
                    block = new byte[length];
                }
                else if (reply->Length != block.Length)
                    return;
                byte* piece = reply->Inline;
                for (int i = 0; i < PmLimits.InlineBytes && offset + i < block.Length; i++)
                    block[offset + i] = piece[i];
            }
            s_arguments = Split(block, 0, argc, out int at);
            s_environment = Split(block, at, envc, out _);
        }

        // count NUL-terminated strings from `at`; `next` is past the list's
        // terminating empty string.
        private static string[] Split(byte[] block, int at, int count, out int next)
        {
            var strings = new string[count];
            for (int i = 0; i < count; i++)
            {
                int end = at;
                while (end < block.Length && block[end] != 0)
                    end++;
                char[] chars = new char[end - at];
                for (int c = 0; c < chars.Length; c++)
                    chars[c] = (char)block[at + c];
                strings[i] = new string(chars);
                at = end + 1;
            }
            next = at + 1;
            return strings;
        }

        private static ProcessEntry Unpack(Message* message)
        {
            PmListEntryReply* reply = PmListEntryReply.Of(message);
            int length = reply->NameLength;
            if (length > PmLimits.ListNameBytes)
                length = PmLimits.ListNameBytes;
            char[] name = new char[length];
            for (int i = 0; i < length; i++)
                name[i] = (char)reply->Name[i];
            return new ProcessEntry
            {
                Pid = reply->Pid,
                Parent = reply->Parent,
                Endpoint = reply->Endpoint,
                State = PmProcessState.Name(reply->State),
                MemoryBytes = (long)reply->Pages * 4096,
                Name = new string(name),
            };
        }
    }

    public static class Signal
    {
        public const int Hangup = 1, Interrupt = 2, Quit = 3, Kill = 9, Segv = 11, Pipe = 13, Alarm = 14, Terminate = 15, Child = 17;
    }

    public struct ProcessEntry
    {
        public int Pid;          // 0 for boot components PM did not create
        public int Parent;
        public int Endpoint;
        public string State;     // "running", "ready", "receiving", "sending", "stopped", "zombie"
        public long MemoryBytes;
        public string Name;
    }
}
