package nn

import (
	"fmt"
	"io"
	"maps"
	"strconv"

	"github.com/corten-ml/corten/tensor"
)

// Models save as safetensors whose keys and layouts are those of the
// state_dict of the equivalent PyTorch nn.Sequential ("0.weight" [out, in],
// "0.bias" [out], ...), so a corten model loads into PyTorch with
//
//	model.load_state_dict(safetensors.torch.load_file(path))
//
// and a PyTorch model saved with safetensors.torch.save_file loads here.
// The metadata makes the file self-describing: "arch" holds the spec
// (see Build) and, when a Scaler is given, input_scale, input_mean and
// input_std say how inputs must be prepared.

// WriteModel writes the model's parameters, then its buffers (see
// Buffers), and metadata to w. The
// metadata gets "format": "pt" (what PyTorch's loader expects), "arch",
// the Scaler's entries when s is not nil, and any entries of extra.
func WriteModel(w io.Writer, m *Sequential, s *Scaler, extra map[string]string) error {
	meta := map[string]string{"format": "pt", "arch": m.Spec()}
	if s != nil {
		maps.Copy(meta, s.Metadata())
	}
	maps.Copy(meta, extra)
	params := modelState(m)
	tensors := make([]NamedTensor, len(params))
	for i, p := range params {
		tensors[i] = NamedTensor{p.Name, p.Value}
	}
	return WriteSafetensors(w, tensors, meta)
}

// SaveModel writes the model to the file at path (see WriteModel),
// atomically: the file is written under a temporary name in the same
// directory, synced and renamed, so an interrupted save leaves the old file
// intact. A model with a NaN or infinite parameter is not saved (it would
// silently replace a good one with a diverged one): the error names the
// parameter.
func SaveModel(path string, m *Sequential, s *Scaler, extra map[string]string) error {
	if err := CheckFinite(modelState(m)); err != nil {
		return fmt.Errorf("nn: save %s: %w", path, err)
	}
	return writeFile(path, func(w io.Writer) error { return WriteModel(w, m, s, extra) })
}

// ReadModel rebuilds a model from a safetensors file held in data: the
// architecture comes from the "arch" metadata and the weights from the
// tensors. It also returns the metadata; ScalerFromMetadata recovers the
// input scaling from it. Dropout layers of the rebuilt model draw from a
// fixed seed.
func ReadModel(data []byte) (*Sequential, map[string]string, error) {
	tensors, meta, err := ReadSafetensors(data)
	if err != nil {
		return nil, nil, err
	}
	arch, ok := meta["arch"]
	if !ok {
		return nil, meta, ErrNoArch
	}
	if err := checkArchSize(arch, tensors); err != nil {
		return nil, meta, err
	}
	m, err := Build(arch, tensor.NewRand(0))
	if err != nil {
		return nil, meta, err
	}
	if err := setParams(modelState(m), tensors); err != nil {
		return nil, meta, err
	}
	return m, meta, nil
}

// LoadModel reads the model saved at path (see ReadModel).
func LoadModel(path string) (*Sequential, map[string]string, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, nil, err
	}
	m, meta, err := ReadModel(data)
	if err != nil {
		return nil, meta, fmt.Errorf("nn: load model %s: %w", path, err)
	}
	return m, meta, nil
}

// LoadWeights reads the safetensors file at path into the parameters of
// an existing model, as PyTorch's strict load_state_dict: every parameter
// must be present with its exact shape, and no other tensor may be. It
// returns the file's metadata. For a model with buffers (batch
// normalisation) pass append(m.Params(), Buffers(m)...).
func LoadWeights(path string, params []Param) (map[string]string, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	tensors, meta, err := ReadSafetensors(data)
	if err == nil {
		err = setParams(params, tensors)
	}
	if err != nil {
		return nil, fmt.Errorf("nn: load weights %s: %w", path, err)
	}
	return meta, nil
}

// setParams copies each named tensor into the parameter of that name,
// checking that the two sets of names match and every shape agrees.
func setParams(params []Param, tensors []NamedTensor) error {
	byName := make(map[string]*tensor.Tensor, len(tensors))
	for _, t := range tensors {
		byName[t.Name] = t.Tensor
	}
	wanted := make(map[string]bool, len(params))
	for _, p := range params {
		t, ok := byName[p.Name]
		if !ok {
			return fmt.Errorf("missing tensor %q", p.Name)
		}
		if !t.SameShape(p.Value) {
			return fmt.Errorf("tensor %q has shape %v, the model wants %v", p.Name, t.Shape(), p.Value.Shape())
		}
		wanted[p.Name] = true
	}
	for _, t := range tensors {
		if !wanted[t.Name] {
			return fmt.Errorf("unexpected tensor %q (not a parameter of the model)", t.Name)
		}
	}
	// Copy only once everything checked out: a failed load leaves the
	// model as it was.
	for _, p := range params {
		p.Value.CopyFrom(byName[p.Name])
	}
	return nil
}

// SaveOptimizer writes the optimizer's state (its per-parameter buffers,
// step count and learning rate) to a safetensors file, so training can
// resume where it stopped. The file is separate from the model's, which
// then stays loadable by PyTorch's strict load_state_dict.
func SaveOptimizer(path string, opt Optimizer) error {
	meta := map[string]string{
		"optimizer": opt.Name(),
		"step":      strconv.Itoa(opt.Steps()),
		"lr":        strconv.FormatFloat(float64(opt.LR()), 'g', -1, 32),
	}
	return writeFile(path, func(w io.Writer) error { return WriteSafetensors(w, opt.State(), meta) })
}

// LoadOptimizer restores state saved by SaveOptimizer into opt, which must
// be the same kind of optimizer over the same parameters. The learning
// rate is not restored: it is the caller's (or the Schedule's) choice.
func LoadOptimizer(path string, opt Optimizer) error {
	data, err := readFile(path)
	if err != nil {
		return err
	}
	if err := readOptimizer(data, opt); err != nil {
		return fmt.Errorf("nn: load optimizer %s: %w", path, err)
	}
	return nil
}

func readOptimizer(data []byte, opt Optimizer) error {
	tensors, meta, err := ReadSafetensors(data)
	if err != nil {
		return err
	}
	if meta["optimizer"] != opt.Name() {
		return fmt.Errorf("state of optimizer %q, want %q", meta["optimizer"], opt.Name())
	}
	step, err := strconv.Atoi(meta["step"])
	if err != nil || step < 0 {
		return fmt.Errorf("bad step count %q", meta["step"])
	}
	state := opt.State()
	params := make([]Param, len(state))
	for i, s := range state {
		params[i] = Param{Name: s.Name, Value: s.Tensor}
	}
	if err := setParams(params, tensors); err != nil {
		return err
	}
	opt.SetSteps(step)
	return nil
}
