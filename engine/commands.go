package engine

import (
	"sort"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/lang"
)

// cmdKind is what a workflow command asks for (ENGINE.md §4.2).
type cmdKind int

const (
	cmdRunTask     cmdKind = iota // create and run a new task execution
	cmdRunExisting                // run an existing (IDLE, rerun) task execution
	cmdNoop
	cmdFail
	cmdSucceed
	cmdPause
)

// trigger records which task and event produced a command.
type trigger struct {
	TaskID string
	Event  string
}

// command is one step the controller asks the engine to take.
type command struct {
	kind         cmdKind
	task         *lang.Task
	existing     *db.TaskExecution // cmdRunExisting
	reset        bool              // cmdRunExisting: unaccept previous runs
	ctx          *data.Map         // the new task's inbound context
	triggeredBy  []trigger
	handlesError bool
	msg          *string // fail, succeed, pause: str() of the msg value
	info         *string // the msg as state_info: a dict as JSON, as Mistral stores it
}

func (c *command) isState() bool {
	return c.kind == cmdFail || c.kind == cmdSucceed || c.kind == cmdPause
}

func (c *command) isJoin() bool {
	return (c.kind == cmdRunTask || c.kind == cmdRunExisting) && c.task != nil && c.task.Join.IsJoin()
}

// arrange orders a batch of commands as Mistral's dispatcher does
// (ENGINE.md §4.3): noops dropped; a leading fail/succeed runs alone; commands
// before the first state command run first (joins sorted by name), then the
// state command; after a pause the rest is kept (it goes to the backlog),
// after fail/succeed it is dropped.
func arrange(cmds []*command) []*command {
	var kept []*command
	for _, c := range cmds {
		if c.kind != cmdNoop {
			kept = append(kept, c)
		}
	}
	first := -1
	for i, c := range kept {
		if c.isState() {
			first = i
			break
		}
	}
	if first == -1 {
		sortJoinsLast(kept)
		return kept
	}
	if first == 0 && kept[0].kind != cmdPause {
		return kept[:1]
	}
	before := append([]*command(nil), kept[:first]...)
	sortJoinsLast(before)
	out := append(before, kept[first])
	if kept[first].kind == cmdPause {
		out = append(out, kept[first+1:]...)
	}
	return out
}

// sortJoinsLast keeps the order of ordinary commands and orders join
// commands by task name, as Mistral's comparator does, so that concurrent
// transactions take join locks in the same order.
func sortJoinsLast(cmds []*command) {
	sort.SliceStable(cmds, func(i, j int) bool {
		a, b := cmds[i], cmds[j]
		if a.isJoin() && b.isJoin() {
			return a.task.Name < b.task.Name
		}
		return !a.isJoin() && b.isJoin()
	})
}
