package engine

import (
	"context"

	"github.com/tramontane/tramontane/rpc"
)

// CompleteTogether hands the results of the given actions to one group
// commit, as the queue does with results that wait together (batch.go),
// and returns the error of each.
func (e *Engine) CompleteTogether(ctx context.Context, actionExIDs []string, result *rpc.Result) ([]error, error) {
	batch := make([]*completion, len(actionExIDs))
	for i, id := range actionExIDs {
		root, err := e.rootOfAction(ctx, id)
		if err != nil {
			return nil, err
		}
		batch[i] = &completion{root: root, actionExID: id, result: result}
	}
	e.completeBatches(ctx, byTree(batch))
	errs := make([]error, len(batch))
	for i, c := range batch {
		errs[i] = c.err
	}
	return errs, nil
}
