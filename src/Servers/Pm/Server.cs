using System;
using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Handlers;
using Minix3.Cosmos.Servers.Pm.Signalling;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm
{
    // The server around the table: who is calling, which handler answers,
    // and the replies that come later (waits answered by an ending). A
    // handler that throws (it should not) is answered with PmStatus.Failed
    // instead of taking PM down with it.
    internal sealed unsafe class Server
    {
        // A handler's result when no reply goes out now: exec succeeded (the
        // caller's trap is gone) or a Wait waits.
        public const int NoReply = int.MinValue;
        public const string UserPrivilegeModule = "user.priv";
        public const string Label = "pm";

        public ProcessTable Table { get; } = new ProcessTable();
        public int Self { get; }

        private readonly List<WaitCompletion> _completed = new List<WaitCompletion>();
        private byte[]? _userPrivilege;
        private bool _userPrivilegeChecked;

        public Server()
        {
            Self = Endpoints.Lookup(Label).Value;
        }

        // The compiled table every exec'd program gets; null (logged once)
        // when the image has none, and programs then keep their parent's.
        public byte[]? UserPrivilege
        {
            get
            {
                if (!_userPrivilegeChecked)
                {
                    _userPrivilegeChecked = true;
                    _userPrivilege = BootModules.Read(UserPrivilegeModule, 64 * 1024, out int status);
                    if (_userPrivilege == null)
                        Diagnostics.Print(string.Concat("pm: no ", UserPrivilegeModule, " module (status ", status.ToString(),
                            "): exec'd programs keep their parent's privileges"));
                }
                return _userPrivilege;
            }
        }

        public int Dispatch(Message* request, Message* reply)
        {
            try
            {
                // RS is no process of PM's: its one request is checked by label.
                if (request->Type == PmRequest.Spawn)
                    return SpawnHandler.Handle(this, request, reply);
                // Nor is TTY (a terminal's Ctrl-C), checked by label too.
                if (request->Type == PmSignalRequest.TerminalSignal)
                    return SignalHandlers.FromTerminal(this, request);
                ProcessRecord? caller = Identify(request->Source);
                if (caller == null)
                    return PmStatus.UnknownCaller;
                switch (request->Type)
                {
                    case PmRequest.Fork: return ForkHandler.Handle(this, caller, reply);
                    case PmRequest.Exec: return ExecHandler.Handle(this, caller, request);
                    case PmRequest.Arguments: return ArgumentsHandler.Handle(caller, request, reply);
                    case PmRequest.Wait: return WaitHandler.Handle(this, caller, request, reply);
                    case PmRequest.Kill: return KillHandler.Handle(this, caller, request);
                    case PmRequest.GetIds: return IdentityHandlers.GetIds(caller, reply);
                    case PmRequest.SetUid: return IdentityHandlers.SetId(caller, request, group: false);
                    case PmRequest.SetGid: return IdentityHandlers.SetId(caller, request, group: true);
                    case PmRequest.GetPid: return ProcessHandlers.GetPid(caller, reply);
                    case PmRequest.List: return ListHandler.Handle(this, request, reply);
                    case PmRequest.Shutdown: return ProcessHandlers.Shutdown(caller, request);
                    case PmRequest.Ignore: return ProcessHandlers.Ignore(caller, request);
                    case PmRequest.ExecData: return ExecHandler.Stage(caller, request);
                    case PmRequest.ListEntry: return ListHandler.HandleEntry(this, request, reply);
                    default:
                        return SignalHandlers.TryDispatch(this, caller, request, reply, out int status) ? status : PmStatus.UnknownRequest;
                }
            }
            catch (Exception e)
            {
                Diagnostics.Print(string.Concat("pm: request ", request->Type.ToString(), " failed: ", e.Kind, ": ", e.Message));
                *reply = default;
                return PmStatus.Failed;
            }
        }

        // The process behind a request. The first caller PM has never seen
        // becomes init (pid 1); later unknown callers are refused.
        private ProcessRecord? Identify(int source)
        {
            ProcessRecord? known = Table.ByEndpoint(source);
            if (known != null || Table.InitAdopted)
                return known;
            string label = Kernel.LabelOf(source);
            ProcessRecord? init = Table.AdoptInit(source, label);
            if (init != null)
                Diagnostics.Print(string.Concat("pm: ", label, " (endpoint ", source.ToString(), ") is init, pid 1"));
            return init;
        }

        // A defect report for one of PM's processes: it ended. Its parent's
        // pending wait (if any) is answered, VFS closes its descriptors.
        public void Ended(Message* report)
        {
            DefectReport* defect = DefectReport.Of(report);
            int endpoint = (int)defect->Endpoint;
            ProcessRecord? process = Table.ByEndpoint(endpoint);
            if (process == null)
            {
                Diagnostics.Print(string.Concat("pm: endpoint ", endpoint.ToString(), ", not a process of mine, ended"));
                return;
            }
            int status = ExitStatus.From((DefectClass)defect->Class, defect->Detail, process.SignalSent);
            // The kernel logs every ending; PM adds the status a parent sees
            // when it is not a plain success.
            if (status != 0)
                Diagnostics.Print(string.Concat("pm: pid ", process.Pid.ToString(), " (", process.Name, ") ended, status ", status.ToString()));
            Table.Ended(process, status, _completed);
            Vfs.Ended(endpoint);
            for (int i = 0; i < _completed.Count; i++)
                ReplyWait(_completed[i]);
            _completed.Clear();
            // After the waits are answered: a parent's Child must not end
            // the Wait this ending satisfies.
            SignalDelivery.Ended(Table, process);
        }

        public static void ReplyWait(WaitCompletion done)
        {
            Message reply = default;
            reply.Type = Status.Ok;
            PmWaitReply.Of(&reply)->Pid = done.Pid;
            PmWaitReply.Of(&reply)->ExitStatus = done.Status;
            Ipc.SendAsync(new Endpoint(done.ParentEndpoint), &reply);
        }
    }
}
