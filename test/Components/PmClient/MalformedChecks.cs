using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Tests.Components.PmClient
{
    // Requests no library would send: forged and short grants, bad lengths,
    // broken blocks and pieces, unknown types and flags; then a few hundred
    // random ones. Every one gets a status and PM keeps serving.
    internal static unsafe class MalformedChecks
    {
        private static readonly byte[] s_buffer = new byte[256];

        public static void Run()
        {
            Checks.Status("unknown-request", Send(0xF7FF, 0, 0, 0), PmStatus.UnknownRequest);
            Checks.Status("exec-forged-grant", Send(PmRequest.Exec, 0x7FFF1234, 10, 0), Status.BadGrant);
            Checks.Status("exec-zero-length", Send(PmRequest.Exec, 0, 0, 0), PmStatus.BadBlock);
            Checks.Status("exec-negative-length", Send(PmRequest.Exec, 0, -5, 0), PmStatus.BadBlock);
            Checks.Status("exec-length-past-limit", Send(PmRequest.Exec, 0, PmLimits.MaxBlock + 1, 0), PmStatus.TooLong);
            Checks.Status("exec-unknown-form", Send(PmRequest.Exec, 0, 10, 7), Status.BadArgument);
            Checks.Status("exec-staged-with-nothing-staged", Send(PmRequest.Exec, 0, 10, ExecFlags.Staged), PmStatus.BadBlock);
            Checks.Status("exec-counts-disagree-with-block", ExecGranted("child\0child\0\0\0", GrantFlags.Read, 0, ExecFlags.Counted, 3), PmStatus.BadBlock);
            Checks.Status("exec-negative-count", ExecGranted("child\0child\0\0\0", GrantFlags.Read, 0, ExecFlags.Counted, -1), Status.BadArgument);
            Checks.Status("exec-unterminated-block", ExecGranted("child\0child", GrantFlags.Read, 0), PmStatus.BadBlock);
            Checks.Status("exec-block-with-trailing-bytes", ExecGranted("child\0child\0\0\0junk", GrantFlags.Read, 0), PmStatus.BadBlock);
            Checks.Status("exec-grant-without-read-right", ExecGranted("child\0child\0\0\0", GrantFlags.Write, 0), Status.GrantRights);
            Checks.Status("exec-length-past-its-grant", ExecGranted("child\0child\0\0\0", GrantFlags.Read, 200), Status.OutOfRange);
            Checks.Status("execdata-must-start-at-zero", Send(PmRequest.ExecData, 40, 100, 0), Status.OutOfRange);
            Checks.Status("execdata-past-limit", Send(PmRequest.ExecData, 0, PmLimits.MaxBlock + 1, 0), PmStatus.TooLong);
            Checks.Status("execdata-offset-past-length", Send(PmRequest.ExecData, 100, 100, 0), Status.BadArgument);
            Send(PmRequest.ExecData, 0, 100, 0);
            Checks.Status("exec-staged-incomplete", Send(PmRequest.Exec, 0, 100, ExecFlags.Staged), PmStatus.BadBlock);
            Checks.Status("arguments-negative-room", Send(PmRequest.Arguments, 0, -5, 0), Status.BadArgument);
            Checks.Status("arguments-offset-past-end", Send(PmRequest.Arguments, 0, 0, 1000), Status.BadArgument);
            Checks.Status("list-forged-grant", Send(PmRequest.List, 0x7FFF1234, 640, 0), Status.BadGrant);
            Checks.Status("list-negative-room", Send(PmRequest.List, 0, -1, 0), Status.BadArgument);
            Checks.Status("wait-unknown-flags", Send(PmRequest.Wait, -1, 6, 0), Status.BadArgument);
            Checks.Status("wait-pid-past-32-bits", Send(PmRequest.Wait, 1L << 40, 1, 0), Status.BadArgument);
            Checks.Status("kill-pid-past-32-bits", Send(PmRequest.Kill, 1L << 40, 15, 0), Status.BadArgument);
            Checks.Status("ignore-bad-setting", Send(PmRequest.Ignore, 15, 5, 0), Status.BadArgument);
            Checks.Status("shutdown-bad-setting", Send(PmRequest.Shutdown, 7, 0, 0), Status.BadArgument);
            ForgedReport();
            Fuzz(300);
            Checks.Status("pm-still-answers", Processes.GetPid(), 1);
        }

        // A user's message that looks like the kernel's defect report ends
        // nothing: only Source = Kernel (set by the kernel) counts.
        private static void ForgedReport()
        {
            int pid = Client.Spawn("child", "child", "sleep", "5000", "0");
            Client.AwaitExec(pid);
            var entries = new ProcessEntry[64];
            int count = Processes.ListProcesses(entries);
            int endpoint = -1;
            for (int i = 0; i < count; i++)
            {
                if (entries[i].Pid == pid)
                    endpoint = entries[i].Endpoint;
            }
            Message message = default;
            message.Type = KernelMessageType.DefectReport;
            RawPayload.Of(&message)->Word[0] = endpoint;
            RawPayload.Of(&message)->Word[1] = (long)DefectClass.Exit;
            RawPayload.Of(&message)->Word[3] = 77;
            Checks.Status("forged-defect-report-refused", Client.Call(&message), PmStatus.UnknownRequest);
            Checks.Status("forged-report-ended-nothing", Processes.Wait(pid, out _, noHang: true), 0);
            Processes.Kill(pid, Signal.Kill);
            int waited = Processes.Wait(pid, out int status);
            WaitChecks.Waited("real-ending-still-counts", pid, waited, status, 137);
        }

        // Random words under the request types that cannot change anything
        // here (no children are alive, so Wait never waits; Fork and
        // Shutdown are left out; every Kill target is init or unknown).
        private static void Fuzz(int count)
        {
            int[] types = { PmRequest.Exec, PmRequest.Arguments, PmRequest.Wait, PmRequest.Kill, PmRequest.GetPid, PmRequest.List,
                PmRequest.Ignore, PmRequest.ExecData, PmRequest.ListEntry, 0xF700, 0xF70C, 0x12345, -1, 0 };
            ulong state = 0x9E3779B97F4A7C15UL;
            int answered = 0, oddOk = 0;
            for (int i = 0; i < count; i++)
            {
                Message message = default;
                message.Type = types[(int)(Next(ref state) % (ulong)types.Length)];
                long* words = &RawPayload.Of(&message)->Word[0];
                for (int w = 0; w < 7; w++)
                {
                    ulong r = Next(ref state);
                    // Small values reach deeper into the handlers than random 64-bit ones.
                    words[w] = (r & 3) == 0 ? (long)r : (long)(r >> 2) % 70 - 5;
                }
                if (message.Type == PmRequest.Ignore)
                    RawPayload.Of(&message)->Word[1] = 0;   // never actually ignore anything
                if (message.Type == PmRequest.Kill && RawPayload.Of(&message)->Word[0] == 1 && RawPayload.Of(&message)->Word[1] > 0)
                    RawPayload.Of(&message)->Word[1] = Signal.Child;
                int type = message.Type;
                int status = Client.Call(&message);
                if (status == Status.Ok && (type == 0xF700 || type == 0xF70C || type == 0x12345 || type == -1 || type == 0))
                    oddOk++;
                if (status >= Status.Ok || (status <= PmStatus.UnknownRequest && status >= PmStatus.Failed) || (status < 0 && status >= Status.Busy))
                    answered++;
            }
            Checks.That(string.Concat("fuzz-", count.ToString(), "-requests-each-answered-with-a-status"), answered == count && oddOk == 0,
                string.Concat(answered.ToString(), " answered, ", oddOk.ToString(), " unknown types accepted"));
            for (int signal = 1; signal <= PmLimits.MaxSignal; signal++)
            {
                if (signal != Signal.Kill)
                    Processes.IgnoreSignal(signal, false);
            }
        }

        private static ulong Next(ref ulong state)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state;
        }

        private static int Send(int type, long word0, long word1, long word2)
        {
            Message message = default;
            message.Type = type;
            RawPayload.Of(&message)->Word[0] = word0;
            RawPayload.Of(&message)->Word[1] = word1;
            RawPayload.Of(&message)->Word[2] = word2;
            return Client.Call(&message);
        }

        // Exec with this block in a grant; length 0 means the block's own.
        private static int ExecGranted(string text, uint rights, int length, int flags = 0, int argc = 0)
        {
            for (int i = 0; i < text.Length; i++)
                s_buffer[i] = (byte)text[i];
            fixed (byte* bytes = s_buffer)
            {
                Message message = default;
                message.Type = PmRequest.Exec;
                RawPayload.Of(&message)->Word[0] = Client.Grant(bytes, text.Length, rights).Value;
                RawPayload.Of(&message)->Word[1] = length == 0 ? text.Length : length;
                RawPayload.Of(&message)->Word[2] = flags;
                RawPayload.Of(&message)->Word[3] = argc;
                return Client.Call(&message);
            }
        }
    }
}
