using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs
{
    // Reads and writes of character devices, never waited for: the request
    // goes to the driver with SendAsync and the user's reply waits until the
    // driver's Reply arrives in the main loop (Completed). Drivers are found
    // by label when needed and again after DeadEndpoint, so a restarted
    // driver is picked up. Written bytes are taken from the user before the
    // request is sent; read bytes are handed to the user when it answers.
    // Calls in flight to a driver that died are sent again to its successor
    // as soon as the reincarnation server publishes it (DriverRestarts
    // calls Restarted), so their callers see no error; calls that find a
    // driver VFS has seen running gone wait for the successor too, bounded
    // by an alarm (RestartWaitMs to twice that): a driver that does not
    // come back fails them with NoDevice. A driver never seen fails at once,
    // and so does one the reincarnation server has stopped ("down.<label>"
    // in DS): its calls, waiting or in flight to the dead instance, fail
    // with NoDevice as soon as DS says so, and new ones at once, until it
    // is started again (then it is found by label like any restart).
    //
    // A driver that takes a call and never answers it, while it still
    // answers RS's heartbeats (a bug; `service fi LABEL lose`), would hold
    // its caller for ever. A device that never waits for input (not a
    // terminal, not a socket) must answer within AnswerDeadlineMs: then
    // VFS complains about the driver to RS, which replaces it, and the
    // call goes to the successor like after a crash.
    //
    // Cloning devices (inet's sockets): an Open is a call like the others
    // (held until the driver answers with the new minor, then the open
    // file is installed); the last Close of such an open file sends the
    // driver Close (Released). Selects for polls are PollEngine's; this
    // class sends them (ISelectPort) and hands it their answers.
    internal sealed unsafe class DeviceRequests : ISelectPort
    {
        private readonly Server _server;
        private readonly DeviceCalls _calls = new DeviceCalls();
        private readonly Dictionary<string, int> _drivers = new Dictionary<string, int>();

        public const int MaxCalls = 16;
        private const int RestartWaitMs = 2500;
        public const int AnswerDeadlineMs = 4000;
        // Complaint code (RS's log): a call not answered in time.
        private const long NoAnswer = 0x4E41;   // "NA"
        // The driver instance last complained about: one complaint each.
        private int _complainedAbout;
        // Send's answer for a call that waits for its driver's successor.
        private const int AwaitingRestart = 1;

        private int _tick;
        // Uptime (ms) at which the restart wait's alarm is due, 0 none.
        private long _restartDue;

        public DeviceRequests(Server server) => _server = server;

        public int Pending => _calls.Count;

        // A user's Read or Write of a device: NoReply (answered later) or a
        // status now.
        public int Start(int caller, OpenFile file, bool read, long grant, int length, long flags)
        {
            if (length == 0)
                return 0;
            // Each call holds a buffer of its length: a bounded number.
            if (_calls.Count >= MaxCalls)
                return VfsStatus.Busy;
            DeviceEntry device = file.Device!;
            var call = new DeviceCall(caller, device, read ? DriverRequest.Read : DriverRequest.Write, grant, length) { File = file, Minor = file.Minor, Flags = flags };
            if (!read)
            {
                int copied = _server.CopyFromUser(caller, grant, 0, call.Buffer, length);
                if (copied != Status.Ok)
                    return copied;
            }
            _calls.Add(call);
            Restarted(device.Driver);
            SendNext(device.Driver, call.Minor, call.Type);
            return Server.NoReply;
        }

        // A user's Ioctl of a device: its argument block copied in now,
        // back when the driver answers. NoReply or a status now.
        public int StartIoctl(int caller, OpenFile file, long request, long grant, int length)
        {
            if (_calls.Count >= MaxCalls)
                return VfsStatus.Busy;
            DeviceEntry device = file.Device!;
            var call = new DeviceCall(caller, device, DriverRequest.Ioctl, grant, length) { File = file, Minor = file.Minor, IoctlRequest = request };
            int copied = _server.CopyFromUser(caller, grant, 0, call.Buffer, length);
            if (copied != Status.Ok)
                return copied;
            _calls.Add(call);
            Restarted(device.Driver);
            SendNext(device.Driver, call.Minor, call.Type);
            return Server.NoReply;
        }

        // Opening a cloning device: the driver's Open (Access, Client) is
        // held like a read; its answer is the new minor (Opened). NoReply
        // or a status now.
        public int StartOpen(int caller, OpenFile file)
        {
            if (_calls.Count >= MaxCalls)
                return VfsStatus.Busy;
            DeviceEntry device = file.Device!;
            long access = (file.CanRead ? DriverRequest.AccessRead : 0) | (file.CanWrite ? DriverRequest.AccessWrite : 0);
            var call = new DeviceCall(caller, device, DriverRequest.Open, 0, 0) { Opening = file, IoctlRequest = access };
            _calls.Add(call);
            Restarted(device.Driver);
            SendNext(device.Driver, call.Minor, call.Type);
            return Server.NoReply;
        }

        // An open file lost its last descriptor: a clone's minor is given
        // back to its driver (Close, its answer ignored). A driver that
        // died meanwhile forgot the minor anyway.
        public void Released(OpenFile file)
        {
            int minor = file.TakeCloneMinor();
            if (minor >= 0)
                SendClose(file.Device!.Driver, minor);
        }

        private void SendClose(string driver, int minor)
        {
            Endpoint endpoint = Driver(driver, false);
            if (endpoint.IsNone)
                return;
            Message message = default;
            message.Type = DriverRequest.Close;
            DriverRequestMessage.Of(&message)->Minor = minor;
            DriverOutbox.Send(endpoint, &message);
        }

        // ISelectPort: a poll's Select, sent now (no queue: PollEngine
        // keeps one in flight per driver and minor).
        public int SendSelect(string driver, int minor, int events, bool wait, int client, out int driverEndpoint)
        {
            // No Restarted(driver) here: it re-sends polls' Selects itself
            // (PollEngine.Restarted), which would send this one twice.
            driverEndpoint = 0;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                Endpoint endpoint = Driver(driver, attempt > 0);
                if (endpoint.IsNone)
                    break;
                Message message = default;
                message.Type = DriverRequest.Select;
                DriverRequestMessage* request = DriverRequestMessage.Of(&message);
                request->Minor = minor;
                request->Flags = (long)events | (wait ? SelectEvents.Wait : 0L);
                request->Client = client;
                int status = DriverOutbox.Send(endpoint, &message);
                if (status == Status.Ok)
                {
                    driverEndpoint = endpoint.Value;
                    return Status.Ok;
                }
                if (status != Status.DeadEndpoint)
                    return status;
            }
            return WaitsForSuccessor(driver) ? PollEngine.AwaitingDriver : VfsStatus.NoDevice;
        }

        public void SendCancel(int driverEndpoint, int minor) => Cancel(driverEndpoint, minor, DriverRequest.Select);

        private static void Cancel(int driverEndpoint, int minor, int type)
        {
            Message message = default;
            message.Type = DriverRequest.Cancel;
            DriverRequestMessage.Of(&message)->Minor = minor;
            DriverRequestMessage.Of(&message)->Flags = type;
            DriverOutbox.Send(new Endpoint(driverEndpoint), &message);
        }

        // Every driver VFS has used, checked for a restart (DS said some
        // "ep.<label>" changed).
        public void RestartedAny()
        {
            var labels = new List<string>();
            foreach (var pair in _drivers)
                labels.Add(pair.Key);
            for (int i = 0; i < labels.Count; i++)
                Restarted(labels[i]);
        }

        // Calls in flight to a driver that has since been replaced (its
        // label now names another endpoint) are sent again to the new one.
        // Checked whenever the driver is used, and when DS tells of a
        // restart (RestartedAny).
        private void Restarted(string driver)
        {
            if (!_drivers.TryGetValue(driver, out int known))
                return;
            Endpoint current = Endpoints.Lookup(driver);
            if (current.IsNone && RestartNotices.IsDown(driver))
            {
                Down(driver);
                _server.Polls.Down(driver);
                return;
            }
            if (current.IsNone || current.Value == known)
                return;
            _drivers[driver] = current.Value;
            _server.Polls.Restarted(driver, current.Value);
            List<DeviceCall> taken = _calls.Requeue(driver, current.Value);
            for (int i = 0; i < taken.Count; i++)
            {
                _server.Grants.Revoke(taken[i].GrantSlot);
                taken[i].GrantSlot = -1;
            }
            // Every queue of this driver: the calls taken back and those
            // that waited for the successor.
            List<DeviceCall> heads = _calls.QueueHeads();
            for (int i = 0; i < heads.Count; i++)
            {
                if (heads[i].Device.Driver == driver)
                    SendNext(driver, heads[i].Minor, heads[i].Type);
            }
        }

        // The driver is down for good: nothing waits for it any more. Calls
        // that had been waiting (in flight to the dead instance, or queued
        // for a successor) are worth a log line; a new call just fails.
        private void Down(string driver)
        {
            List<DeviceCall> taken = _calls.TakeDriver(driver);
            int waited = 0;
            for (int i = 0; i < taken.Count; i++)
            {
                DeviceCall call = taken[i];
                if (call.InFlight || call.WaitTick >= 0)
                    waited++;
                _server.Grants.Revoke(call.GrantSlot);
                call.GrantSlot = -1;
                if (!call.Abandoned)
                    _server.Reply(call.Caller, VfsStatus.NoDevice, 0);
            }
            if (waited > 0)
                Diagnostics.Print(string.Concat("vfs: ", driver, " is down; ", waited.ToString(), " waiting call(s) on its devices fail"));
        }

        // VFS's alarm: calls that have waited a whole period for a driver
        // that did not come back fail (NoDevice); the next in their queue
        // gets its own chance.
        // The clock rang (it may be for a poll): the restart wait's alarm
        // is handled when due, else asked for again.
        public void Ring(long now)
        {
            Unanswered(now);
            if (_restartDue == 0)
                return;
            if (now < _restartDue)
            {
                AlarmClock.Want(_restartDue);
                return;
            }
            _restartDue = 0;
            Alarm();
        }

        // Calls past their answer deadline: their driver is complained
        // about (once per instance); the alarm is kept for the next one.
        private void Unanswered(long now)
        {
            List<DeviceCall> late = _calls.Unanswered(now - AnswerDeadlineMs, out long nextSent);
            for (int i = 0; i < late.Count; i++)
            {
                DeviceCall call = late[i];
                if (call.DriverEndpoint == _complainedAbout)
                    continue;
                _complainedAbout = call.DriverEndpoint;
                int status = Reincarnation.Complain(call.Device.Driver, NoAnswer);
                Diagnostics.Print(string.Concat("vfs: ", call.Device.Driver, " did not answer a call on /dev/", call.Device.Name, " within ",
                    AnswerDeadlineMs.ToString(), " ms; complained to rs: status ", status.ToString()));
                // Nobody will replace it (not RS's, or RS refused): the call
                // fails rather than wait for ever; the driver may answer
                // later ones.
                if (status != Status.Ok)
                {
                    Fail(call, DriverStatus.IoError);
                    SendNext(call.Device.Driver, call.Minor, call.Type);
                }
            }
            if (nextSent != long.MaxValue)
                AlarmClock.Want(nextSent + AnswerDeadlineMs);
        }

        private void Alarm()
        {
            _tick++;
            List<DeviceCall> overdue = _calls.Overdue(_tick - 2, out bool othersWaiting);
            for (int i = 0; i < overdue.Count; i++)
            {
                DeviceCall call = overdue[i];
                call.WaitTick = -1;
                Fail(call, VfsStatus.NoDevice);
                Diagnostics.Print(string.Concat("vfs: ", call.Device.Driver, " did not come back; a call on /dev/", call.Device.Name, " fails"));
            }
            for (int i = 0; i < overdue.Count; i++)
                SendNext(overdue[i].Device.Driver, overdue[i].Minor, overdue[i].Type);
            if (othersWaiting)
                ArmAlarm();
        }

        private void ArmAlarm()
        {
            if (_restartDue != 0)
                return;
            _restartDue = Lib.Sys.Process.UptimeMs() + RestartWaitMs;
            AlarmClock.Want(_restartDue);
        }

        // A driver's Reply: the call in flight it answers ends. False when
        // it answers nothing VFS sent (a late reply after a cancel, or a
        // stranger's message of that type).
        public bool Completed(Message* message)
        {
            DriverReplyMessage* reply = DriverReplyMessage.Of(message);
            int type = (int)reply->Request;
            if (type == DriverRequest.Cancel || type == DriverRequest.Close)
                return true;
            if (type == DriverRequest.Select)
                return _server.Polls.Answered(message->Source, (int)reply->Minor, reply->Result) || IsDriver(message->Source);
            DeviceCall? call = _calls.Match(message->Source, type, (int)reply->Minor);
            if (call == null)
                return false;
            _calls.Remove(call);
            _server.Grants.Revoke(call.GrantSlot);
            long result = reply->Result;
            if (!call.Abandoned)
                Answer(call, result);
            else if (call.Type == DriverRequest.Open && result >= 0 && result <= int.MaxValue)
                SendClose(call.Device.Driver, (int)result);   // the opener is gone: give the minor back
            SendNext(call.Device.Driver, call.Minor, call.Type);
            return true;
        }

        // Whether endpoint is a driver VFS has sent requests to: never
        // answer one with a request-style reply (it would answer back).
        public bool IsDriver(int endpoint)
        {
            foreach (var pair in _drivers)
            {
                if (pair.Value == endpoint)
                    return true;
            }
            return false;
        }

        // The caller exited: its queued calls vanish, and a call a driver
        // is holding (a read, a socket's write, connect or accept) is
        // cancelled there (the answer is then dropped).
        public void CancelCaller(int caller)
        {
            List<DeviceCall> inFlight = _calls.CancelCaller(caller);
            for (int i = 0; i < inFlight.Count; i++)
            {
                DeviceCall call = inFlight[i];
                if (call.Type != DriverRequest.Open)
                    Cancel(call.DriverEndpoint, call.Minor, call.Type);
            }
        }

        // A caught signal for the caller (PM): a queued call ends at once,
        // a read a driver holds is cancelled there and its answer
        // (Interrupted) goes to the caller as usual.
        public void InterruptCaller(int caller)
        {
            var queued = new List<DeviceCall>();
            List<DeviceCall> inFlight = _calls.InterruptCaller(caller, queued);
            for (int i = 0; i < queued.Count; i++)
                _server.Reply(caller, SignalStatus.Interrupted, 0);
            for (int i = 0; i < inFlight.Count; i++)
                Cancel(inFlight[i].DriverEndpoint, inFlight[i].Minor, inFlight[i].Type);
        }

        private void Answer(DeviceCall call, long result)
        {
            if (call.Type == DriverRequest.Open)
            {
                Opened(call, result);
                return;
            }
            if (result < 0 || result > call.Length)
            {
                _server.Reply(call.Caller, result < 0 ? (int)result : DriverStatus.BadRequest, 0);
                return;
            }
            // A read hands over the bytes it got; an ioctl its whole block.
            int back = call.Type == DriverRequest.Read ? (int)result : call.Type == DriverRequest.Ioctl ? call.Length : 0;
            if (back > 0)
            {
                int copied = _server.CopyToUser(call.Caller, call.UserGrant, 0, call.Buffer, back);
                if (copied != Status.Ok)
                {
                    _server.Reply(call.Caller, copied, 0);
                    return;
                }
            }
            call.Advance(result);
            _server.Reply(call.Caller, Status.Ok, result);
        }

        // A clone's Open answered: the new minor goes into the open file,
        // which gets the caller's lowest free descriptor (no descriptor
        // free: the minor is given back).
        private void Opened(DeviceCall call, long result)
        {
            if (result < 0 || result > int.MaxValue)
            {
                _server.Reply(call.Caller, result < 0 ? (int)result : DriverStatus.BadRequest, 0);
                return;
            }
            OpenFile file = call.Opening!;
            file.CloneMinor = (int)result;
            int fd = _server.Processes.Get(call.Caller).Descriptors.Install(file);
            if (fd < 0)
            {
                Released(file);
                _server.Reply(call.Caller, fd, 0);
                return;
            }
            _server.Reply(call.Caller, Status.Ok, fd);
        }

        // Sends the oldest queued call for (driver, minor, type) unless one is in
        // flight. A driver that was never running fails the call (NoDevice)
        // and the next one is tried; one that died leaves it waiting for
        // its successor (Restarted sends it, Alarm ends the wait).
        private void SendNext(string driver, int minor, int type)
        {
            while (true)
            {
                DeviceCall? call = _calls.NextToSend(driver, minor, type);
                if (call == null)
                    return;
                int status = Send(call);
                if (status == Status.Ok)
                    return;
                if (status == AwaitingRestart)
                {
                    if (call.WaitTick < 0)
                        call.WaitTick = _tick;
                    ArmAlarm();
                    return;
                }
                Fail(call, status);
            }
        }

        private void Fail(DeviceCall call, int status)
        {
            _calls.Remove(call);
            _server.Grants.Revoke(call.GrantSlot);
            call.GrantSlot = -1;
            if (!call.Abandoned)
                _server.Reply(call.Caller, status, 0);
        }

        private int Send(DeviceCall call)
        {
            for (int attempt = 0; attempt < 2; attempt++)
            {
                Endpoint driver = Driver(call.Device.Driver, attempt > 0);
                if (driver.IsNone)
                    return WaitsForSuccessor(call.Device.Driver) ? AwaitingRestart : VfsStatus.NoDevice;
                _server.Grants.Revoke(call.GrantSlot);
                call.GrantSlot = -1;
                Message message = default;
                message.Type = call.Type;
                DriverRequestMessage* request = DriverRequestMessage.Of(&message);
                request->Minor = call.Minor;
                request->Client = call.Caller;
                if (call.Type == DriverRequest.Open)
                {
                    request->Access = call.IoctlRequest;
                }
                else
                {
                    uint rights = call.Type == DriverRequest.Read ? GrantFlags.Write
                        : call.Type == DriverRequest.Write ? GrantFlags.Read : GrantFlags.Read | GrantFlags.Write;
                    call.GrantSlot = _server.Grants.GrantDevice(driver, call.Buffer, rights);
                    if (call.GrantSlot < 0)
                        return VfsStatus.Busy;
                    if (call.Type == DriverRequest.Ioctl)
                        request->IoctlRequest = call.IoctlRequest;
                    else
                        request->Position = call.PositionToSend();
                    request->Grant = _server.Grants.Id(call.GrantSlot).Value;
                    request->Length = call.Length;
                    request->Flags = call.Flags;
                    // A terminal's or socket's read waits for data, unless DontWait.
                    if (call.Type == DriverRequest.Read && call.Device.WaitForInput && (call.Flags & DriverRequest.DontWait) == 0)
                        request->Flags |= DriverRequest.ReadWait;
                    // DontWait is a write's flag; a read without ReadWait never waits.
                    if (call.Type == DriverRequest.Read)
                        request->Flags &= ~DriverRequest.DontWait;
                }
                int status = DriverOutbox.Send(driver, &message);
                if (status == Status.Ok)
                {
                    call.InFlight = true;
                    call.DriverEndpoint = driver.Value;
                    call.WaitTick = -1;
                    call.SentAtMs = Lib.Sys.Process.UptimeMs();
                    if (!call.Device.WaitForInput)
                        AlarmClock.Want(call.SentAtMs + AnswerDeadlineMs);
                    return Status.Ok;
                }
                if (status != Status.DeadEndpoint)
                    return status;
            }
            // Dead twice: its successor is on its way, unless RS stopped it.
            return WaitsForSuccessor(call.Device.Driver) ? AwaitingRestart : VfsStatus.NoDevice;
        }

        // A driver VFS has seen running, gone now: one RS is restarting
        // (wait for it) rather than one RS has stopped (fail at once).
        private bool WaitsForSuccessor(string label) => _drivers.ContainsKey(label) && !RestartNotices.IsDown(label);

        // The driver's endpoint by label, looked up again when asked (after
        // a DeadEndpoint) or when it was not running last time. A label
        // once found keeps its last endpoint while none runs: VFS then
        // knows to wait for a successor (and to ignore the dead one's
        // messages, IsDriver).
        private Endpoint Driver(string label, bool again)
        {
            bool seen = _drivers.TryGetValue(label, out int known);
            if (!again && seen)
                return new Endpoint(known);
            Endpoint found = Endpoints.Lookup(label);
            if (!found.IsNone)
                _drivers[label] = found.Value;
            return found;
        }
    }
}
