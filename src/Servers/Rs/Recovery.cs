using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // Recovery scripts (the paper's "Recovery procedure"): RS has PM start
    // the system shell as `sh -c <script> <script name> <component>
    // <reason> <repetition>`, so the script sees $1 $2 $3 as in Figure 3,
    // and its own `service restart $component` brings the component back.
    // PM is asked asynchronously (RS never waits on a server that may be
    // waiting, through VFS and FS, for the very driver being recovered), one
    // spawn at a time; its answer arrives in RS's loop (Answered). Without
    // PM, or when PM refuses, RS falls back to restarting the component
    // itself, so a missing shell never leaves a component down.
    internal sealed unsafe class Recovery
    {
        private readonly Restarter _restarter;
        private readonly Queue<ScriptRun> _waiting = new Queue<ScriptRun>();
        private ScriptRun? _current;
        private byte[]? _block;

        private sealed class ScriptRun
        {
            public Service Service = null!;
            public int Reason;
            public int Repetition;
        }

        public Recovery(Restarter restarter) => _restarter = restarter;

        public int PmEndpoint { get; private set; } = Endpoint.None.Value;

        public bool HasScript(Service service)
        {
            if (service.ScriptText != null)
                return true;
            if (service.ScriptPath == null)
                return false;
            string? text = TextOf(BootModules.Read(FileName(service.ScriptPath)));
            if (text == null)
            {
                ConsoleLog.Say(string.Concat("rs: recovery script ", service.ScriptPath, " of ", service.Label,
                    " is not in the boot image (or not text); using the restart policy"));
                service.ScriptPath = null;
                return false;
            }
            service.ScriptText = text;
            return true;
        }

        public void Run(Service service, int reason, int repetition)
        {
            _waiting.Enqueue(new ScriptRun { Service = service, Reason = reason, Repetition = repetition });
            Next();
        }

        // PM's answer to the spawn: Type the status, PmPidReply the pid.
        public void Answered(Message* reply)
        {
            ScriptRun? run = _current;
            _current = null;
            _block = null;
            if (run == null)
                return;
            if (reply->Type == Status.Ok)
                ConsoleLog.Say(string.Concat("rs: running the recovery script of ", run.Service.Label, " (reason ", Reasons.Name(run.Reason),
                    ", repetition ", run.Repetition.ToString(), "), pid ", PmPidReply.Of(reply)->Pid.ToString()));
            else
                Fallback(run, reply->Type);
            Next();
        }

        private void Next()
        {
            while (_current == null && _waiting.Count > 0)
            {
                ScriptRun run = _waiting.Dequeue();
                if (!run.Service.Recovering)
                    continue;
                int status = Spawn(run);
                if (status == Status.Ok)
                    _current = run;
                else
                    Fallback(run, status);
            }
        }

        private int Spawn(ScriptRun run)
        {
            Endpoint pm = Endpoints.Lookup("pm");
            if (pm.IsNone)
                return Status.DeadEndpoint;
            PmEndpoint = pm.Value;
            Service service = run.Service;
            string[] strings =
            {
                "sh", "sh", "-c", service.ScriptText!, FileName(service.ScriptPath ?? "script"),
                service.Label, run.Reason.ToString(), run.Repetition.ToString(),
            };
            _block = Block(strings);
            if (_block == null)
                return PmStatus.TooLong;
            GrantId grant;
            fixed (byte* bytes = _block)
                grant = GrantSlots.LendForReading(GrantSlots.ScriptBlock, pm, bytes, _block.Length);
            if (grant.Value == -1)
                return Status.BadArgument;
            Message message = default;
            message.Type = PmRequest.Spawn;
            PmExecRequest* spawn = PmExecRequest.Of(&message);
            spawn->Grant = grant.Value;
            spawn->Length = _block.Length;
            return Ipc.SendAsync(pm, &message);
        }

        private void Fallback(ScriptRun run, int status)
        {
            ConsoleLog.Say(string.Concat("rs: cannot run the recovery script of ", run.Service.Label, " (status ", status.ToString(),
                "); restarting it directly"));
            if (run.Service.Recovering)
                _restarter.Restart(run.Service);
        }

        // Exec's block: the path, then argv, each ended by a zero; an empty
        // argv entry ends the list, and an empty environment follows.
        private static byte[]? Block(string[] strings)
        {
            int length = 2;
            for (int i = 0; i < strings.Length; i++)
                length += strings[i].Length + 1;
            if (length > PmLimits.MaxBlock)
                return null;
            var block = new byte[length];
            int at = 0;
            for (int i = 0; i < strings.Length; i++)
            {
                string text = strings[i];
                for (int c = 0; c < text.Length; c++)
                    block[at++] = (byte)text[c];
                block[at++] = 0;
            }
            return block;
        }

        public static string FileName(string path)
        {
            int start = 0;
            for (int i = 0; i < path.Length; i++)
            {
                if (path[i] == '/')
                    start = i + 1;
            }
            return path.Substring(start);
        }

        // A script's text, or null unless it is non-empty ASCII 1..127
        // (what Exec's strings may hold).
        public static string? TextOf(byte[]? bytes)
        {
            if (bytes == null || bytes.Length == 0)
                return null;
            var chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == 0 || bytes[i] > 127)
                    return null;
                chars[i] = (char)bytes[i];
            }
            return new string(chars);
        }
    }
}
