<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>output size {formula_names} = {formula}: the {kernel}×{kernel} window is larger than the padded input ({padded})</source>
        <translation>출력 크기 {formula_names} = {formula}: {kernel}×{kernel} 창이 패딩한 입력({padded})보다 큽니다</translation>
    </message>
    <message>
        <source>output size {formula_names} = {formula} is not a whole number: the stride {stride} does not divide N + 2P − F = {span}; change the padding or the stride</source>
        <translation>출력 크기 {formula_names} = {formula}가 정수가 아닙니다: 스트라이드 {stride}가 N + 2P − F = {span}을 나누어떨어지게 하지 않습니다. 패딩이나 스트라이드를 바꾸세요</translation>
    </message>
    <message>
        <source>1 filter × {c} × {k} × {k} + 1 = {total} weights</source>
        <translation>필터 1개 × {c} × {k} × {k} + 1 = 가중치 {total}개</translation>
    </message>
    <message>
        <source>{f} filters × {c} × {k} × {k} + {f} = {total} weights</source>
        <translation>필터 {f}개 × {c} × {k} × {k} + {f} = 가중치 {total}개</translation>
    </message>
    <message>
        <source>{n_in} × {units} + {units} = {total} weights</source>
        <translation>{n_in} × {units} + {units} = 가중치 {total}개</translation>
    </message>
    <message>
        <source>conv {n}: {f}@{k}×{k}</source>
        <translation>합성곱 {n}: {f}@{k}×{k}</translation>
    </message>
    <message>
        <source>{kind} {k}×{k}</source>
        <translation>{kind} {k}×{k}</translation>
    </message>
    <message>
        <source>max pool</source>
        <translation>최대 풀링</translation>
    </message>
    <message>
        <source>average pool</source>
        <translation>평균 풀링</translation>
    </message>
    <message>
        <source>act′ = act (σ′ = σ)</source>
        <translation>act′ = act (σ′ = σ)</translation>
    </message>
    <message>
        <source>The backward pass multiplies ∂L/∂a by the activation itself instead of its derivative: σ(z) instead of σ(z)(1 − σ(z)), tanh(z) instead of 1 − tanh²(z), max(0, z) instead of 1 for z &gt; 0. δ of this layer is wrong, and so is every gradient on its input side.</source>
        <translation>역전파가 ∂L/∂a에 활성화 함수의 도함수 대신 활성화 함수 자체를 곱합니다: σ(z)(1 − σ(z)) 대신 σ(z), 1 − tanh²(z) 대신 tanh(z), z &gt; 0에서 1 대신 max(0, z). 이 층의 δ가 틀리고, 입력 쪽의 모든 기울기도 틀립니다.</translation>
    </message>
    <message>
        <source>any layer with an activation, except an output whose δ is fused with the loss (softmax + cross-entropy, sigmoid + BCE), where act′ never appears</source>
        <translation>활성화 함수가 있는 모든 층. 단, δ가 손실과 합쳐진 출력층(softmax + 교차 엔트로피, sigmoid + BCE)은 act′가 나오지 않으므로 제외</translation>
    </message>
    <message>
        <source>act′ taken at a instead of z</source>
        <translation>act′를 z 대신 a에서 계산</translation>
    </message>
    <message>
        <source>act′ is evaluated at the layer&apos;s output a = act(z) instead of at z: σ′(σ(z)) instead of σ′(z). (Computing σ′ from the output as a(1 − a) is right; feeding a into a formula written for z is the bug.) δ of this layer is wrong, and so is every gradient on its input side.</source>
        <translation>act′를 z가 아니라 층의 출력 a = act(z)에서 계산합니다: σ′(z) 대신 σ′(σ(z)). (출력으로 σ′를 a(1 − a)로 계산하는 것은 맞습니다. z용 식에 a를 넣는 것이 버그입니다.) 이 층의 δ가 틀리고, 입력 쪽의 모든 기울기도 틀립니다.</translation>
    </message>
    <message>
        <source>layers whose activation&apos;s slope depends on more than the sign of z (sigmoid, tanh, ELU, softplus, GELU, SiLU, custom); for ReLU, leaky ReLU, step and linear f′(a) = f′(z), so the bug changes nothing there. Not an output fused with the loss.</source>
        <translation>활성화 함수의 기울기가 z의 부호만으로 정해지지 않는 층(sigmoid, tanh, ELU, softplus, GELU, SiLU, 사용자 정의). ReLU, leaky ReLU, 계단, 선형 함수는 f′(a) = f′(z)이므로 이 버그가 아무것도 바꾸지 않습니다. 손실과 합쳐진 출력층은 제외.</translation>
    </message>
    <message>
        <source>∂L/∂x = δ·W (transpose missing)</source>
        <translation>∂L/∂x = δ·W (전치 누락)</translation>
    </message>
    <message>
        <source>The gradient handed to the layer below is δ·W instead of δ·Wᵀ. It runs only because W is square, so nothing crashes. This layer&apos;s own gradients are right: the error shows first in the ∂L/∂a of the layer below, and in every gradient on the input side.</source>
        <translation>아래층으로 넘기는 기울기가 δ·Wᵀ 대신 δ·W입니다. W가 정사각 행렬이라서 오류 없이 실행될 뿐입니다. 이 층 자체의 기울기는 맞습니다: 오차는 아래층의 ∂L/∂a에서 처음 나타나고, 입력 쪽의 모든 기울기에 나타납니다.</translation>
    </message>
    <message>
        <source>dense layers with as many units as inputs that have a layer with parameters below them</source>
        <translation>뉴런 수가 입력 수와 같고, 아래에 매개변수가 있는 층이 있는 밀집 계층</translation>
    </message>
    <message>
        <source>∂L/∂b not summed over the batch</source>
        <translation>∂L/∂b를 배치에 대해 합하지 않음</translation>
    </message>
    <message>
        <source>∂L/∂b adds δ over the samples of the batch (Σₙ δₙ); the buggy code keeps the first sample&apos;s row δ₁ (un-summed, δ has one row per sample; keeping one row is how the bug runs without a shape error). Only this bias is wrong: δ and every other gradient are right.</source>
        <translation>∂L/∂b는 배치의 샘플들에 대해 δ를 더합니다(Σₙ δₙ). 버그가 있는 코드는 첫 샘플의 행 δ₁만 남깁니다(δ는 샘플마다 한 행이므로, 한 행만 남기면 모양 오류 없이 실행됩니다). 이 편향만 틀리고 δ와 다른 모든 기울기는 맞습니다.</translation>
    </message>
    <message>
        <source>every dense (on flat input) or convolutional layer; visible with a batch of 2 or more</source>
        <translation>모든 밀집 계층(평탄한 입력) 또는 합성곱 계층. 배치 크기가 2 이상이어야 보입니다</translation>
    </message>
    <message>
        <source>∂L/∂W divided by N twice</source>
        <translation>∂L/∂W를 N으로 두 번 나눔</translation>
    </message>
    <message>
        <source>The loss is a mean over the batch, so δ already carries the 1/N; the buggy code divides ∂L/∂W = xᵀδ by the batch size N once more. Only this layer&apos;s weights get a wrong gradient, N times too small; its bias and the layers below are right.</source>
        <translation>손실이 배치 평균이므로 δ에는 이미 1/N이 들어 있습니다. 버그가 있는 코드는 ∂L/∂W = xᵀδ를 배치 크기 N으로 한 번 더 나눕니다. 이 층의 가중치 기울기만 N배 작게 틀리고, 편향과 아래층은 맞습니다.</translation>
    </message>
    <message>
        <source>δ with the wrong sign</source>
        <translation>부호가 틀린 δ</translation>
    </message>
    <message>
        <source>δ = ∂L/∂z comes out negated (t − y instead of y − t at the output, a lost minus sign in a hidden layer). Every gradient of this layer and of the layers on its input side points uphill: training with it makes the loss rise.</source>
        <translation>δ = ∂L/∂z의 부호가 뒤집힙니다(출력층에서 y − t 대신 t − y, 은닉층에서 빠진 마이너스 부호). 이 층과 입력 쪽 층의 모든 기울기가 오르막을 가리킵니다: 이대로 학습하면 손실이 커집니다.</translation>
    </message>
    <message>
        <source>every dense or convolutional layer</source>
        <translation>모든 밀집 계층 또는 합성곱 계층</translation>
    </message>
    <message>
        <source>softmax + cross-entropy δ not divided by N</source>
        <translation>softmax + 교차 엔트로피의 δ를 N으로 나누지 않음</translation>
    </message>
    <message>
        <source>The loss is the mean over the batch, so the output&apos;s δ is (y − t)/N; the buggy code uses y − t, the gradient of the sum. Every gradient is N times too large: training behaves as with an N times larger learning rate.</source>
        <translation>손실이 배치 평균이므로 출력층의 δ는 (y − t)/N입니다. 버그가 있는 코드는 합의 기울기인 y − t를 씁니다. 모든 기울기가 N배 커서, 학습률을 N배 키운 것처럼 학습됩니다.</translation>
    </message>
    <message>
        <source>the output layer when its δ is fused with the loss: softmax + cross-entropy, or sigmoid + BCE; visible with a batch of 2 or more</source>
        <translation>δ가 손실과 합쳐진 출력층: softmax + 교차 엔트로피 또는 sigmoid + BCE. 배치 크기가 2 이상이어야 보입니다</translation>
    </message>
    <message>
        <source>dropout mask not applied in backward</source>
        <translation>역전파에서 드롭아웃 마스크를 적용하지 않음</translation>
    </message>
    <message>
        <source>Forward dropped some units and scaled the kept ones by 1/(1 − p), but backward passes ∂L/∂a through unmasked: dropped units get a gradient they never earned and kept ones miss the scale. δ of this layer and every gradient on its input side are wrong.</source>
        <translation>순전파는 일부 뉴런을 끄고 남은 뉴런을 1/(1 − p)로 키웠지만, 역전파는 ∂L/∂a를 마스크 없이 통과시킵니다: 꺼진 뉴런이 받을 자격 없는 기울기를 받고, 남은 뉴런은 배율을 놓칩니다. 이 층의 δ와 입력 쪽의 모든 기울기가 틀립니다.</translation>
    </message>
    <message>
        <source>layers with dropout</source>
        <translation>드롭아웃이 있는 층</translation>
    </message>
    <message>
        <source>batch-norm backward missing the mean term</source>
        <translation>배치 정규화 역전파에서 평균 항 누락</translation>
    </message>
    <message>
        <source>Batch norm&apos;s backward is ∂L/∂x = (g − mean(g) − x̂·mean(g·x̂))/σ with g = γ·∂L/∂y; the buggy code drops − mean(g), forgetting that the batch mean depends on every input. γ and β of this layer are right; its W and b and every layer on its input side are wrong.</source>
        <translation>배치 정규화의 역전파는 g = γ·∂L/∂y일 때 ∂L/∂x = (g − mean(g) − x̂·mean(g·x̂))/σ입니다. 버그가 있는 코드는 배치 평균이 모든 입력에 의존한다는 것을 잊고 − mean(g)를 빠뜨립니다. 이 층의 γ와 β는 맞고, W와 b, 그리고 입력 쪽의 모든 층이 틀립니다.</translation>
    </message>
    <message>
        <source>layers with batch norm</source>
        <translation>배치 정규화가 있는 층</translation>
    </message>
    <message>
        <source>your act′: {formula}</source>
        <translation>직접 쓴 act′: {formula}</translation>
    </message>
    <message>
        <source>Backprop multiplies ∂L/∂a by the derivative you typed, act′ = {formula}, evaluated at this layer&apos;s z and a. If it is the activation&apos;s true derivative every gradient agrees with the numerical one; if not, this layer and the layers on its input side differ.</source>
        <translation>역전파는 ∂L/∂a에 직접 입력한 도함수 act′ = {formula}를 이 층의 z와 a에서 계산해 곱합니다. 그것이 활성화 함수의 진짜 도함수라면 모든 기울기가 수치 미분과 일치하고, 아니라면 이 층과 입력 쪽 층들이 달라집니다.</translation>
    </message>
    <message>
        <source>any layer with an activation, except an output fused with the loss</source>
        <translation>활성화 함수가 있는 모든 층. 단, 손실과 합쳐진 출력층은 제외</translation>
    </message>
    <message>
        <source>this bug cannot be planted in {layer}; it applies to {where}</source>
        <translation>이 버그는 {layer}에 심을 수 없습니다. 적용 대상: {where}</translation>
    </message>
    <message>
        <source>∂L/∂a · dropout mask</source>
        <translation>∂L/∂a · 드롭아웃 마스크</translation>
    </message>
    <message>
        <source>∂L/∂(xW + b) (through batch norm)</source>
        <translation>∂L/∂(xW + b) (배치 정규화를 거침)</translation>
    </message>
    <message>
        <source>x (the layer&apos;s input)</source>
        <translation>x (층의 입력)</translation>
    </message>
    <message>
        <source>Right: the bug is in {layer} — {bug}.</source>
        <translation>정답: 버그는 {layer}에 있습니다 — {bug}.</translation>
    </message>
    <message>
        <source>Not {guess}: the bug is in {layer} — {bug}.</source>
        <translation>{guess}가 아닙니다: 버그는 {layer}에 있습니다 — {bug}.</translation>
    </message>
    <message>
        <source>On this batch the check found no gradient that differs, so the bug left no evidence (a batch of one sample hides the batch-size bugs).</source>
        <translation>이 배치에서는 검사에서 다른 기울기를 찾지 못해 버그의 흔적이 남지 않았습니다(샘플 하나짜리 배치에서는 배치 크기 버그가 숨습니다).</translation>
    </message>
    <message>
        <source>The highest layer whose parameters differ is {entry}.</source>
        <translation>매개변수가 다른 가장 위의 층은 {entry}입니다.</translation>
    </message>
    <message>
        <source>Its gradients are wrong because the ∂L/∂a it receives is: {layer} computes that ∂L/∂x wrongly.</source>
        <translation>이 층이 받는 ∂L/∂a가 틀려서 기울기가 틀립니다: {layer}가 그 ∂L/∂x를 잘못 계산합니다.</translation>
    </message>
    <message>
        <source>The first wrong number of the backward pass is {symbol} of {layer}.</source>
        <translation>역전파에서 처음 틀린 값은 {layer}의 {symbol}입니다.</translation>
    </message>
    <message>
        <source>{layer}: {share} of its {act} values sit on the flat tails (|act′(z)| &lt; {slope:g}), where almost no gradient passes; likely cause: weights too large for this activation (an init std of 1 instead of Xavier) or unscaled inputs.</source>
        <translation>{layer}: {act} 값의 {share}가 평평한 꼬리(|act′(z)| &lt; {slope:g})에 있어 기울기가 거의 지나가지 못합니다. 예상 원인: 이 활성화 함수에 비해 너무 큰 가중치(Xavier 대신 표준편차 1로 초기화) 또는 스케일을 맞추지 않은 입력.</translation>
    </message>
    <message>
        <source>{layer}: {share} of its units are dead — z &lt; 0 for every sample of the batch, so they pass no gradient and cannot recover; likely cause: a large negative bias or a learning-rate step that pushed them there (try He init, a smaller learning rate or leaky ReLU).</source>
        <translation>{layer}: 뉴런의 {share}가 죽었습니다 — 배치의 모든 샘플에서 z &lt; 0이라 기울기를 전혀 넘기지 못하고 회복할 수 없습니다. 예상 원인: 큰 음수 편향이나 그쪽으로 밀어낸 학습률 스텝(He 초기화, 더 작은 학습률, leaky ReLU를 시도해 보세요).</translation>
    </message>
    <message>
        <source>{layer}: its activations are nearly all equal (std {std:.1e} around {mean:.3g}), so it hands the next layer almost no information; likely cause: weights initialised too small (std 0.01).</source>
        <translation>{layer}: 활성화 값이 거의 모두 같아서({mean:.3g} 근처, 표준편차 {std:.1e}) 다음 층에 정보를 거의 넘기지 못합니다. 예상 원인: 너무 작게 초기화한 가중치(표준편차 0.01).</translation>
    </message>
    <message>
        <source>{layer}: one step changed its weights by {ratio:.1e} of their size (‖ΔW‖/‖W‖; about {guide:g} is healthy); likely cause: the learning rate is too high.</source>
        <translation>{layer}: 한 스텝에 가중치가 크기의 {ratio:.1e}만큼 바뀌었습니다(‖ΔW‖/‖W‖, 약 {guide:g}이 건강한 값). 예상 원인: 학습률이 너무 높습니다.</translation>
    </message>
    <message>
        <source>{layer}: one step changed its weights by only {ratio:.1e} of their size (‖ΔW‖/‖W‖; about {guide:g} is healthy); likely cause: the learning rate is too low.</source>
        <translation>{layer}: 한 스텝에 가중치가 크기의 {ratio:.1e}만큼밖에 바뀌지 않았습니다(‖ΔW‖/‖W‖, 약 {guide:g}이 건강한 값). 예상 원인: 학습률이 너무 낮습니다.</translation>
    </message>
    <message>
        <source>The first layer&apos;s gradient is {ratio:.1e} of the last layer&apos;s (‖∂L/∂W‖): it shrinks on its way back, so the first layers barely learn; likely cause: many sigmoid or tanh layers (σ′ ≤ 0.25 at each) or saturated units.</source>
        <translation>첫 층의 기울기가 마지막 층의 {ratio:.1e}입니다(‖∂L/∂W‖): 거꾸로 전해지며 줄어들어 앞쪽 층이 거의 학습하지 못합니다(기울기 소실). 예상 원인: 많은 sigmoid 또는 tanh 층(층마다 σ′ ≤ 0.25)이나 포화된 뉴런.</translation>
    </message>
    <message>
        <source>The first layer&apos;s gradient is {ratio:.1e} times the last layer&apos;s (‖∂L/∂W‖): it grows on its way back; likely cause: weights initialised too large for the depth.</source>
        <translation>첫 층의 기울기가 마지막 층의 {ratio:.1e}배입니다(‖∂L/∂W‖): 거꾸로 전해지며 커집니다. 예상 원인: 깊이에 비해 너무 크게 초기화한 가중치.</translation>
    </message>
    <message>
        <source>forward through layer {i}</source>
        <translation>층 {i} 순전파</translation>
    </message>
    <message>
        <source>loss {value}</source>
        <translation>손실 {value}</translation>
    </message>
    <message>
        <source>backward through layer {i}</source>
        <translation>층 {i} 역전파</translation>
    </message>
    <message>
        <source>update of {p}</source>
        <translation>{p} 갱신</translation>
    </message>
    <message>
        <source>colour = gradients ∂L/∂w</source>
        <translation>색 = 기울기 ∂L/∂w</translation>
    </message>
    <message>
        <source>colour = weights w</source>
        <translation>색 = 가중치 w</translation>
    </message>
    <message>
        <source>input</source>
        <translation>입력층</translation>
    </message>
    <message>
        <source>output</source>
        <translation>출력층</translation>
    </message>
    <message>
        <source>hidden {n}</source>
        <translation>은닉층 {n}</translation>
    </message>
    <message>
        <source>input x{k} (column {j} of the batch)</source>
        <translation>입력 x{k} (배치의 {j}번 열)</translation>
    </message>
    <message>
        <source>x = {x}  (sample {s})</source>
        <translation>x = {x}  (샘플 {s})</translation>
    </message>
    <message>
        <source>{layer} ({act}), unit {j}</source>
        <translation>{layer} ({act}), 뉴런 {j}</translation>
    </message>
    <message>
        <source>z = Σᵢ wᵢ·xᵢ + b = {z}   (sample {s})</source>
        <translation>z = Σᵢ wᵢ·xᵢ + b = {z}   (샘플 {s})</translation>
    </message>
    <message>
        <source>(values appear when the forward pass gets here)</source>
        <translation>(순전파가 여기에 오면 값이 나타납니다)</translation>
    </message>
    <message>
        <source>output y = {y}, target t = {t}</source>
        <translation>출력 y = {y}, 정답 t = {t}</translation>
    </message>
    <message>
        <source>δ = (y − t)/N = {d}   ({act} fused with the loss)</source>
        <translation>δ = (y − t)/N = {d}   ({act}와 손실을 합쳐 계산)</translation>
    </message>
    <message>
        <source>input channel {c}</source>
        <translation>입력 채널 {c}</translation>
    </message>
    <message>
        <source>the image of sample {s} ({h}×{w}): min {lo}, max {hi}</source>
        <translation>샘플 {s}의 이미지 ({h}×{w}): 최솟값 {lo}, 최댓값 {hi}</translation>
    </message>
    <message>
        <source>{layer}, map {c} of {n} ({h}×{w})</source>
        <translation>{layer}, 맵 {c}/{n} ({h}×{w})</translation>
    </message>
    <message>
        <source>flatten reads it row by row: entries {a}–{b} of the vector</source>
        <translation>평탄화는 이 맵을 행 단위로 읽습니다: 벡터의 {a}–{b}번 성분</translation>
    </message>
    <message>
        <source>(the maps appear when the forward pass gets here)</source>
        <translation>(순전파가 여기에 이르면 맵이 나타납니다)</translation>
    </message>
    <message>
        <source>δ = ∂L/∂z of this map</source>
        <translation>이 맵의 δ = ∂L/∂z</translation>
    </message>
    <message>
        <source>{what}, sample {s}: min {lo}, max {hi}</source>
        <translation>{what}, 샘플 {s}: 최솟값 {lo}, 최댓값 {hi}</translation>
    </message>
    <message>
        <source>click: open it in the Convolution tab</source>
        <translation>클릭: 합성곱 탭에서 열기</translation>
    </message>
    <message>
        <source>weight {w}[{i}, {j}]: {src} unit {i} → {dst} unit {j}</source>
        <translation>가중치 {w}[{i}, {j}]: {src} 뉴런 {i} → {dst} 뉴런 {j}</translation>
    </message>
    <message>
        <source>x·w = {a} · {w} = {p}   (this sample&apos;s share of z)</source>
        <translation>x·w = {a} · {w} = {p}   (이 샘플의 z에 대한 몫)</translation>
    </message>
    <message>
        <source>∂L/∂w = Σ over the batch of δ·a = {g}</source>
        <translation>∂L/∂w = 배치에 대한 δ·a의 합 = {g}</translation>
    </message>
    <message>
        <source>this sample: δ·a = {d} · {a}</source>
        <translation>이 샘플: δ·a = {d} · {a}</translation>
    </message>
    <message>
        <source>Δw = {d}  ({b} → {a})</source>
        <translation>Δw = {d}  ({b} → {a})</translation>
    </message>
    <message>
        <source>bias {b}[{j}] of {layer} unit {j}</source>
        <translation>{layer} 뉴런 {j}의 편향 {b}[{j}]</translation>
    </message>
    <message>
        <source>∂L/∂b = Σ over the batch of δ = {g}</source>
        <translation>∂L/∂b = 배치에 대한 δ의 합 = {g}</translation>
    </message>
    <message>
        <source>Δb = {d} (this update)</source>
        <translation>Δb = {d} (이번 갱신)</translation>
    </message>
    <message>
        <source>Click a neuron, an edge or a bias square in the network to inspect it.</source>
        <translation>신경망에서 뉴런, 연결선, 편향 사각형을 클릭하면 자세히 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>input value of sample {s}</source>
        <translation>샘플 {s}의 입력값</translation>
    </message>
    <message>
        <source>The input values appear once the forward pass starts.</source>
        <translation>순전파가 시작되면 입력값이 나타납니다.</translation>
    </message>
    <message>
        <source>Input {name} (column {j} of the batch)</source>
        <translation>입력 {name} (배치의 {j}번 열)</translation>
    </message>
    <message>
        <source>Neuron: {layer} ({act}), unit {j}</source>
        <translation>뉴런: {layer} ({act}), 뉴런 {j}</translation>
    </message>
    <message>
        <source>weighted sum of the inputs plus the bias</source>
        <translation>입력의 가중합에 편향을 더한 값</translation>
    </message>
    <message>
        <source>z = Σᵢ wᵢ·xᵢ + b  (for the traced sample)</source>
        <translation>z = Σᵢ wᵢ·xᵢ + b  (추적한 샘플)</translation>
    </message>
    <message>
        <source>z and a appear when the forward pass reaches this layer (→).</source>
        <translation>순전파가 이 층에 오면 z와 a가 나타납니다(→).</translation>
    </message>
    <message>
        <source>bias {b}[{j}]</source>
        <translation>편향 {b}[{j}]</translation>
    </message>
    <message>
        <source>network output</source>
        <translation>신경망 출력</translation>
    </message>
    <message>
        <source>target</source>
        <translation>정답</translation>
    </message>
    <message>
        <source>how the loss changes with this output</source>
        <translation>이 출력에 따라 손실이 변하는 정도</translation>
    </message>
    <message>
        <source>∂L/∂y of the loss for the traced sample</source>
        <translation>추적한 샘플에 대한 손실의 ∂L/∂y</translation>
    </message>
    <message>
        <source>δ = (y − t)/N with N = {n}: {act} fused with the loss ({loss}), so act′(z) never appears</source>
        <translation>N = {n}일 때 δ = (y − t)/N: {act}와 손실({loss})을 합쳐 계산하므로 act′(z)가 나오지 않습니다</translation>
    </message>
    <message>
        <source>For sigmoid + BCE and softmax + cross-entropy, ∂L/∂z simplifies to (y − t)/N.</source>
        <translation>sigmoid + BCE와 softmax + 교차 엔트로피에서는 ∂L/∂z가 (y − t)/N으로 간단해집니다.</translation>
    </message>
    <message>
        <source>what the layers above send back</source>
        <translation>위층들이 되돌려 보내는 값</translation>
    </message>
    <message>
        <source>∂L/∂a = Σₖ δₖ·wₖ (from the next layer)</source>
        <translation>∂L/∂a = Σₖ δₖ·wₖ (다음 층에서)</translation>
    </message>
    <message>
        <source>the slope of the activation at z</source>
        <translation>z에서 활성화 함수의 기울기</translation>
    </message>
    <message>
        <source>δ = ∂L/∂z, the error signal</source>
        <translation>δ = ∂L/∂z, 오차 신호</translation>
    </message>
    <message>
        <source>whole batch: Σ of δ over the {n} samples</source>
        <translation>배치 전체: 샘플 {n}개에 대한 δ의 합</translation>
    </message>
    <message>
        <source>δ appears when the backward pass reaches this layer.</source>
        <translation>역전파가 이 층에 오면 δ가 나타납니다.</translation>
    </message>
    <message>
        <source>the shown value</source>
        <translation>표시된 값</translation>
    </message>
    <message>
        <source>Σ of δ over the {n} samples of the batch</source>
        <translation>배치의 샘플 {n}개에 대한 δ의 합</translation>
    </message>
    <message>
        <source>∂L/∂b appears when the backward pass reaches this layer.</source>
        <translation>역전파가 이 층에 오면 ∂L/∂b가 나타납니다.</translation>
    </message>
    <message>
        <source>Bias {b}[{j}] of {layer}, unit {j}</source>
        <translation>{layer} 뉴런 {j}의 편향 {b}[{j}]</translation>
    </message>
    <message>
        <source>before this step&apos;s update</source>
        <translation>이번 스텝의 갱신 전</translation>
    </message>
    <message>
        <source>input {i} of this layer for sample {s}</source>
        <translation>샘플 {s}에 대한 이 층의 입력 {i}</translation>
    </message>
    <message>
        <source>this edge&apos;s share of z for the sample</source>
        <translation>이 샘플의 z에서 이 연결선이 차지하는 몫</translation>
    </message>
    <message>
        <source>δ of unit {j} for sample {s}</source>
        <translation>샘플 {s}에 대한 뉴런 {j}의 δ</translation>
    </message>
    <message>
        <source>= {d} × {a}: this sample&apos;s part of ∂L/∂w (chain rule)</source>
        <translation>= {d} × {a}: ∂L/∂w 중 이 샘플의 몫(연쇄 법칙)</translation>
    </message>
    <message>
        <source>∂L/∂w for one sample = δ (of the receiving unit) · a (of the sending unit)</source>
        <translation>샘플 하나의 ∂L/∂w = δ(받는 뉴런) · a(보내는 뉴런)</translation>
    </message>
    <message>
        <source>whole batch: Σ of δ·a over the {n} samples</source>
        <translation>배치 전체: 샘플 {n}개에 대한 δ·a의 합</translation>
    </message>
    <message>
        <source>∂L/∂W = aᵀ·δ, summed over the batch (δ already carries the 1/N of the mean loss)</source>
        <translation>∂L/∂W = aᵀ·δ, 배치에 대해 합함(δ에 평균 손실의 1/N이 이미 들어 있음)</translation>
    </message>
    <message>
        <source>∂L/∂w appears when the backward pass reaches this layer.</source>
        <translation>역전파가 이 층에 오면 ∂L/∂w가 나타납니다.</translation>
    </message>
    <message>
        <source>Weight {w}[{i}, {j}]: {src} unit {i} → {dst} unit {j}</source>
        <translation>가중치 {w}[{i}, {j}]: {src} 뉴런 {i} → {dst} 뉴런 {j}</translation>
    </message>
    <message>
        <source>the network&apos;s output for sample {s}</source>
        <translation>샘플 {s}에 대한 신경망의 출력</translation>
    </message>
    <message>
        <source>conv layer {i}</source>
        <translation>합성곱 계층 {i}</translation>
    </message>
    <message>
        <source>max pooling, layer {i}</source>
        <translation>최대 풀링, 층 {i}</translation>
    </message>
    <message>
        <source>average pooling, layer {i}</source>
        <translation>평균 풀링, 층 {i}</translation>
    </message>
    <message>
        <source>flatten, layer {i}</source>
        <translation>평탄화, 층 {i}</translation>
    </message>
    <message>
        <source>a = the largest value of each window</source>
        <translation>a = 창마다 가장 큰 값</translation>
    </message>
    <message>
        <source>a = the mean of each window</source>
        <translation>a = 창마다 평균</translation>
    </message>
    <message>
        <source>a = the pooled maps, unchanged</source>
        <translation>a = 풀링한 맵 그대로</translation>
    </message>
    <message>
        <source>{s} new</source>
        <translation>새 {s}</translation>
    </message>
    <message>
        <source>after the optimizer&apos;s update</source>
        <translation>옵티마이저의 갱신 후</translation>
    </message>
    <message>
        <source>the optimizer&apos;s step</source>
        <translation>옵티마이저의 한 걸음</translation>
    </message>
    <message>
        <source>✖ dead</source>
        <translation>✖ 죽음</translation>
    </message>
    <message>
        <source>⚠ saturated</source>
        <translation>⚠ 포화</translation>
    </message>
    <message>
        <source>∅ dropped</source>
        <translation>∅ 드롭아웃</translation>
    </message>
    <message>
        <source>✖ dead: act′(z) = 0 for every sample of the batch — no gradient passes</source>
        <translation>✖ 죽음: 배치의 모든 샘플에서 act′(z) = 0 — 기울기가 지나가지 못합니다</translation>
    </message>
    <message>
        <source>⚠ saturated: |act′(z)| &lt; {t} for this sample — the gradient nearly stops</source>
        <translation>⚠ 포화: 이 샘플에서 |act′(z)| &lt; {t} — 기울기가 거의 멈춥니다</translation>
    </message>
    <message>
        <source>∅ dropped by dropout for this sample: its output is 0 and no gradient passes</source>
        <translation>∅ 이 샘플에서 드롭아웃으로 꺼짐: 출력이 0이고 기울기가 지나가지 못합니다</translation>
    </message>
    <message>
        <source> · the nodes show the last time step</source>
        <translation> · 노드는 마지막 시간 스텝을 보여 줍니다</translation>
    </message>
    <message>
        <source>Ready for step {step}: press → (Event) to trace it one event at a time, or ▶ Play to train · click a neuron or an edge to inspect it</source>
        <translation>스텝 {step} 준비: → (이벤트)를 누르면 이벤트 하나씩 따라가고, ▶ 재생을 누르면 학습합니다 · 뉴런이나 연결선을 클릭해 자세히 보세요</translation>
    </message>
    <message>
        <source>sample {s} of {n}</source>
        <translation>샘플 {s}/{n}</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>순전파</translation>
    </message>
    <message>
        <source>layer {i} of {n} — {formula}   ({sample})</source>
        <translation>층 {i}/{n} — {formula}   ({sample})</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>{loss} = {value}   (mean over {n} samples)</source>
        <translation>{loss} = {value}   (샘플 {n}개의 평균)</translation>
    </message>
    <message>
        <source>δ = (y − t)/N ({act} fused with {loss})</source>
        <translation>δ = (y − t)/N ({act}와 {loss}를 합쳐 계산)</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>역전파</translation>
    </message>
    <message>
        <source>layer {i} — {formula}   ← gradients flow right to left</source>
        <translation>층 {i} — {formula}   ← 기울기가 오른쪽에서 왼쪽으로 흐릅니다</translation>
    </message>
    <message>
        <source>{p} ← {p} − step   ({opt})</source>
        <translation>{p} ← {p} − 걸음   ({opt})</translation>
    </message>
    <message>
        <source> · step {step} complete</source>
        <translation> · 스텝 {step} 완료</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>갱신</translation>
    </message>
    <message>
        <source>a value is not finite</source>
        <translation>값이 유한하지 않습니다</translation>
    </message>
    <message>
        <source>they agree to {rel:.1e} at the smaller step h = {h:.1e}, which crosses no kink (the numerical value is good to ±{u:.1e})</source>
        <translation>꺾이는 점을 지나지 않는 더 작은 간격 h = {h:.1e}에서 {rel:.1e}까지 일치합니다(수치 미분 값의 정밀도 ±{u:.1e})</translation>
    </message>
    <message>
        <source>they agree to {rel:.1e} (the numerical value is good to ±{u:.1e})</source>
        <translation>{rel:.1e}까지 일치합니다(수치 미분 값의 정밀도 ±{u:.1e})</translation>
    </message>
    <message>
        <source>too small to check: |∂L/∂p| ≈ {g:.1e} is within {k:g}× of what central differences resolve here (±{u:.1e}: the loss&apos;s rounding error ÷ h)</source>
        <translation>너무 작아 검사할 수 없습니다: |∂L/∂p| ≈ {g:.1e}가 여기서 중앙 차분이 구별할 수 있는 값(±{u:.1e}: 손실의 반올림 오차 ÷ h)의 {k:g}배 이내입니다</translation>
    </message>
    <message>
        <source>a ReLU unit switches on or off within ±2h of this value: the loss has a kink here, so the difference quotient mixes two slopes</source>
        <translation>ReLU 뉴런이 이 값의 ±2h 안에서 켜지거나 꺼집니다: 손실이 여기서 꺾이므로 차분 몫이 두 기울기를 섞습니다</translation>
    </message>
    <message>
        <source>a max-pool window&apos;s winning cell switches within ±2h of this value: the loss has a kink here, so the difference quotient mixes two slopes</source>
        <translation>최대 풀링 창에서 가장 큰 칸이 이 값의 ±2h 안에서 바뀝니다: 손실이 여기서 꺾이므로 차분 몫이 두 기울기를 섞습니다</translation>
    </message>
    <message>
        <source>a ReLU unit switches on or off and a max-pool window&apos;s winning cell switches within ±2h of this value: the loss has a kink here, so the difference quotient mixes two slopes</source>
        <translation>ReLU 뉴런이 켜지거나 꺼지고 최대 풀링 창에서 가장 큰 칸이 이 값의 ±2h 안에서 바뀝니다: 손실이 여기서 꺾이므로 차분 몫이 두 기울기를 섞습니다</translation>
    </message>
    <message>
        <source>they differ by {d:.1e} at the smaller step h = {h:.1e}, which crosses no kink: far more than the numerical value&apos;s uncertainty ±{u:.1e}</source>
        <translation>꺾이는 점을 지나지 않는 더 작은 간격 h = {h:.1e}에서 {d:.1e}만큼 다릅니다. 수치 미분 값의 불확도 ±{u:.1e}보다 훨씬 큽니다</translation>
    </message>
    <message>
        <source>they differ by {d:.1e}, far more than the numerical value&apos;s uncertainty ±{u:.1e}</source>
        <translation>{d:.1e}만큼 다릅니다. 수치 미분 값의 불확도 ±{u:.1e}보다 훨씬 큽니다</translation>
    </message>
    <message>
        <source>must be an integer from {low} to {high}, got {value}</source>
        <translation>{low}부터 {high}까지의 정수여야 합니다. 받은 값: {value}</translation>
    </message>
    <message>
        <source>must be a number from 0 to 1, got {value}</source>
        <translation>0부터 1까지의 수여야 합니다. 받은 값: {value}</translation>
    </message>
    <message>
        <source>must be a non-empty text, got {value}</source>
        <translation>비어 있지 않은 텍스트여야 합니다. 받은 값: {value}</translation>
    </message>
    <message>
        <source>is longer than {limit:,} bytes</source>
        <translation>{limit:,}바이트보다 깁니다</translation>
    </message>
    <message>
        <source>must be the path of a text file, got {value}</source>
        <translation>텍스트 파일의 경로여야 합니다. 받은 값: {value}</translation>
    </message>
    <message>
        <source>{n:,} sequences of {t} steps and {d} features are {v:,} values; at most {limit:,} are allowed</source>
        <translation>{t}스텝, 특성 {d}개짜리 시퀀스 {n:,}개는 값 {v:,}개입니다. 최대 {limit:,}개까지 허용됩니다</translation>
    </message>
    <message>
        <source>the character {c} is not in the vocabulary {v}</source>
        <translation>문자 {c}가 어휘 {v}에 없습니다</translation>
    </message>
    <message>
        <source>the text has {k} distinct characters; at most {limit} are allowed (each one is an input and an output unit)</source>
        <translation>텍스트에 서로 다른 문자가 {k}개 있습니다. 최대 {limit}개까지 허용됩니다(문자마다 입력 뉴런과 출력 뉴런이 하나씩 필요)</translation>
    </message>
    <message>
        <source>the text has {n} characters; sequences of {t} steps need at least {m} (each step&apos;s target is the next character)</source>
        <translation>텍스트가 {n}자입니다. {t}스텝 시퀀스에는 최소 {m}자가 필요합니다(각 스텝의 정답은 다음 문자)</translation>
    </message>
    <message>
        <source>{p} is not a regular file</source>
        <translation>{p}는 일반 파일이 아닙니다</translation>
    </message>
    <message>
        <source>{p} holds {n:,} bytes; a text file may hold at most {limit:,} bytes (100 kB) — use an excerpt</source>
        <translation>{p}는 {n:,}바이트입니다. 텍스트 파일은 최대 {limit:,}바이트(100 kB)까지입니다 — 일부만 발췌해 쓰세요</translation>
    </message>
    <message>
        <source>cannot read {p}: {why}</source>
        <translation>{p}를 읽을 수 없습니다: {why}</translation>
    </message>
    <message>
        <source>{p} holds more than {limit:,} bytes (100 kB) — use an excerpt</source>
        <translation>{p}가 {limit:,}바이트(100 kB)보다 큽니다 — 일부만 발췌해 쓰세요</translation>
    </message>
    <message>
        <source>{p} is not a text file (it holds NUL bytes: a binary file?)</source>
        <translation>{p}는 텍스트 파일이 아닙니다(NUL 바이트가 있습니다: 바이너리 파일인가요?)</translation>
    </message>
    <message>
        <source>{p} is not UTF-8 text (byte {b} at position {i:,}); save it as UTF-8</source>
        <translation>{p}는 UTF-8 텍스트가 아닙니다(위치 {i:,}의 바이트 {b}). UTF-8로 저장하세요</translation>
    </message>
    <message>
        <source>{p} is empty</source>
        <translation>{p}가 비어 있습니다</translation>
    </message>
    <message>
        <source>{p} holds only white space</source>
        <translation>{p}에 공백만 있습니다</translation>
    </message>
    <message>
        <source>must be at least 2: a symbol and something to remember it through</source>
        <translation>최소 2여야 합니다: 기호 하나와 그것을 기억해 넘길 무언가</translation>
    </message>
    <message>
        <source>unknown sequence data set {name}; choose one of: {names}</source>
        <translation>알 수 없는 시퀀스 데이터셋 {name}. 다음 중에서 고르세요: {names}</translation>
    </message>
    <message>
        <source>unknown parameter for {name}; it takes {allowed}</source>
        <translation>{name}에 없는 매개변수입니다. 받는 매개변수: {allowed}</translation>
    </message>
    <message>
        <source>no parameters</source>
        <translation>매개변수 없음</translation>
    </message>
    <message>
        <source>this view has no plotted data to export as CSV</source>
        <translation>이 뷰에는 CSV로 내보낼 그래프 데이터가 없습니다</translation>
    </message>
    <message>
        <source>no training step to animate yet: take a step first</source>
        <translation>아직 애니메이션으로 만들 학습 스텝이 없습니다: 먼저 한 스텝 진행하세요</translation>
    </message>
    <message>
        <source>the training diverged: reset the network or lower the learning rate first</source>
        <translation>학습이 발산했습니다: 먼저 신경망을 초기화하거나 학습률을 낮추세요</translation>
    </message>
    <message>
        <source>this view has nothing to animate</source>
        <translation>이 뷰에는 애니메이션으로 만들 것이 없습니다</translation>
    </message>
    <message>
        <source>visualnet sessions (*.vnet)</source>
        <translation>visualnet 세션 (*.vnet)</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>세션 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a saved experiment with its weights and history.</source>
        <translation>저장한 실험을 가중치와 기록과 함께 엽니다.</translation>
    </message>
    <message>
        <source>&amp;Save session</source>
        <translation>세션 저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save the whole experiment: settings, weights, optimizer, step.</source>
        <translation>실험 전체를 저장합니다: 설정, 가중치, 옵티마이저, 스텝.</translation>
    </message>
    <message>
        <source>Save session &amp;as…</source>
        <translation>다른 이름으로 세션 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the experiment under a new name.</source>
        <translation>실험을 새 이름으로 저장합니다.</translation>
    </message>
    <message>
        <source>&amp;Export current view…</source>
        <translation>현재 뷰 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the visible view as PNG, SVG or CSV.</source>
        <translation>보이는 뷰를 PNG, SVG, CSV로 저장합니다.</translation>
    </message>
    <message>
        <source>Export &amp;animation (GIF)…</source>
        <translation>애니메이션 내보내기(GIF)(&amp;A)…</translation>
    </message>
    <message>
        <source>An animated GIF: one training step event by event, or the optimizer race.</source>
        <translation>움직이는 GIF: 학습 스텝 하나를 이벤트별로, 또는 옵티마이저 경주.</translation>
    </message>
    <message>
        <source>&amp;Import data (CSV)…</source>
        <translation>데이터 가져오기(CSV)(&amp;I)…</translation>
    </message>
    <message>
        <source>Train on your own points: columns x1, x2, label (classes) or x, y / x1, x2, y (regression).</source>
        <translation>직접 만든 점으로 훈련합니다: 열은 x1, x2, label (분류) 또는 x, y / x1, x2, y (회귀).</translation>
    </message>
    <message>
        <source>Export &amp;data as CSV…</source>
        <translation>데이터를 CSV로 내보내기(&amp;D)…</translation>
    </message>
    <message>
        <source>Save the data set&apos;s points (with their train/test split) as CSV.</source>
        <translation>데이터셋의 점을 (훈련/시험 구분과 함께) CSV로 저장합니다.</translation>
    </message>
    <message>
        <source>Export &amp;PyTorch script…</source>
        <translation>PyTorch 스크립트 내보내기(&amp;P)…</translation>
    </message>
    <message>
        <source>The trained network as a Python file for PyTorch that checks itself against visualnet&apos;s numbers.</source>
        <translation>학습한 신경망을 PyTorch용 Python 파일로 저장합니다. 이 파일은 visualnet의 값과 스스로 맞춰 봅니다.</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>최근 파일 열기(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Lesson presets</source>
        <translation>수업 예제(&amp;L)</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>세션 열기</translation>
    </message>
    <message>
        <source>Could not open the session</source>
        <translation>세션을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Could not open {path}: {reason}</source>
        <translation>{path}를 열 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>세션 저장</translation>
    </message>
    <message>
        <source>Could not save the session</source>
        <translation>세션을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>{path}를 저장할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Folder with the MNIST files</source>
        <translation>MNIST 파일이 있는 폴더</translation>
    </message>
    <message>
        <source>No MNIST files</source>
        <translation>MNIST 파일 없음</translation>
    </message>
    <message>
        <source>Could not load the preset</source>
        <translation>예제를 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>Recover the last session?</source>
        <translation>지난 세션을 복구할까요?</translation>
    </message>
    <message>
        <source>visualnet did not close normally last time. Continue from the automatically saved session?</source>
        <translation>visualnet이 지난번에 정상적으로 종료되지 않았습니다. 자동으로 저장된 세션에서 이어서 할까요?</translation>
    </message>
    <message>
        <source>Export view</source>
        <translation>뷰 내보내기</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>애니메이션 내보내기</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Exported {path}.</source>
        <translation>{path}로 내보냈습니다.</translation>
    </message>
    <message>
        <source>Import data (CSV)</source>
        <translation>데이터 가져오기 (CSV)</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 파일 (*.csv *.tsv *.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Could not import the data</source>
        <translation>데이터를 가져올 수 없습니다</translation>
    </message>
    <message>
        <source>Could not import {name}: {reason}</source>
        <translation>{name}을(를) 가져올 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>no scaling needed</source>
        <translation>크기 조정 필요 없음</translation>
    </message>
    <message>
        <source>Imported {n} points from {name} (scaled into the view: {transform}).</source>
        <translation>{name}에서 점 {n}개를 가져왔습니다 (화면에 맞게 조정: {transform}).</translation>
    </message>
    <message>
        <source>The network was rebuilt for them ({why}).</source>
        <translation>이 데이터에 맞게 신경망을 새로 만들었습니다 ({why}).</translation>
    </message>
    <message>
        <source>new data</source>
        <translation>새 데이터</translation>
    </message>
    <message>
        <source>Could not export the data</source>
        <translation>데이터를 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Export data as CSV</source>
        <translation>데이터를 CSV로 내보내기</translation>
    </message>
    <message>
        <source>Export PyTorch script</source>
        <translation>PyTorch 스크립트 내보내기</translation>
    </message>
    <message>
        <source>Python (*.py)</source>
        <translation>Python 파일 (*.py)</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>선형</translation>
    </message>
    <message>
        <source>step</source>
        <translation>계단</translation>
    </message>
    <message>
        <source>sigmoid σ</source>
        <translation>시그모이드 σ</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>사용자 정의</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>정의되지 않음</translation>
    </message>
    <message>
        <source>Weight-init experiment</source>
        <translation>가중치 초기화 실험</translation>
    </message>
    <message>
        <source>Network weights W</source>
        <translation>신경망 가중치 W</translation>
    </message>
    <message>
        <source>Network gradients ∂L/∂W</source>
        <translation>신경망 기울기 ∂L/∂W</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>시그모이드</translation>
    </message>
    <message>
        <source> (the first bar, a ≈ 0, is cut off; its share of all values is written beside it)</source>
        <translation> (첫 막대 a ≈ 0은 잘려 있고, 전체 값 중 비율을 옆에 적었습니다)</translation>
    </message>
    <message>
        <source>std 1: the activations pile up at 0 and 1, where σ′ ≈ 0 — the gradients vanish.</source>
        <translation>표준편차 1: 활성화 값이 σ′ ≈ 0인 0과 1에 몰립니다 — 기울기가 소실됩니다.</translation>
    </message>
    <message>
        <source>std 0.01: every activation sits near 0.5 — all units compute the same thing, so many units are no better than one.</source>
        <translation>표준편차 0.01: 모든 활성화 값이 0.5 근처에 있습니다 — 모든 뉴런이 같은 것을 계산하므로 뉴런이 많아도 하나와 다를 바 없습니다.</translation>
    </message>
    <message>
        <source>Xavier √(1/n): the activations stay spread out in every layer — the init made for sigmoid and tanh.</source>
        <translation>Xavier √(1/n): 모든 층에서 활성화 값이 고르게 퍼져 있습니다 — sigmoid와 tanh를 위한 초기화입니다.</translation>
    </message>
    <message>
        <source>He √(2/n) is made for ReLU; with sigmoid it spreads a little wider than Xavier.</source>
        <translation>He √(2/n)는 ReLU를 위한 초기화입니다. sigmoid에서는 Xavier보다 조금 넓게 퍼집니다.</translation>
    </message>
    <message>
        <source>std 1: tanh saturates at −1 and 1, where tanh′ ≈ 0 — the gradients vanish.</source>
        <translation>표준편차 1: tanh가 tanh′ ≈ 0인 −1과 1에서 포화됩니다 — 기울기가 소실됩니다.</translation>
    </message>
    <message>
        <source>std 0.01: the signal shrinks towards 0 layer after layer.</source>
        <translation>표준편차 0.01: 층을 지날 때마다 신호가 0으로 줄어듭니다.</translation>
    </message>
    <message>
        <source>Xavier √(1/n): spread out, narrowing slowly with depth — a good init for tanh.</source>
        <translation>Xavier √(1/n): 고르게 퍼지고 깊어질수록 천천히 좁아집니다 — tanh에 좋은 초기화입니다.</translation>
    </message>
    <message>
        <source>He √(2/n) is a little large for tanh: more units saturate at ±1 than with Xavier.</source>
        <translation>He √(2/n)는 tanh에는 조금 큽니다: Xavier보다 더 많은 뉴런이 ±1에서 포화됩니다.</translation>
    </message>
    <message>
        <source>std 1: each layer multiplies the spread by about √(n/2) ≈ 7 — the activations explode.</source>
        <translation>표준편차 1: 층마다 퍼짐이 약 √(n/2) ≈ 7배가 됩니다 — 활성화 값이 폭발합니다.</translation>
    </message>
    <message>
        <source>std 0.01: the activations shrink towards 0 layer after layer, and so do the gradients.</source>
        <translation>표준편차 0.01: 층을 지날 때마다 활성화 값이 0으로 줄어들고, 기울기도 마찬가지입니다.</translation>
    </message>
    <message>
        <source>Xavier √(1/n): ReLU zeroes half its inputs, so the spread halves in variance at every layer and drifts towards 0.</source>
        <translation>Xavier √(1/n): ReLU가 입력의 절반을 0으로 만들므로 층마다 분산이 절반이 되어 0 쪽으로 흘러갑니다.</translation>
    </message>
    <message>
        <source>He √(2/n): the factor 2 makes up for the half that ReLU zeroes — the same spread in every layer.</source>
        <translation>He √(2/n): 인수 2가 ReLU가 0으로 만드는 절반을 메워 줍니다 — 모든 층에서 퍼짐이 같습니다.</translation>
    </message>
    <message>
        <source>mean |δ|</source>
        <translation>평균 |δ|</translation>
    </message>
    <message>
        <source>bars:</source>
        <translation>막대:</translation>
    </message>
    <message>
        <source>dead units: flag above {share}</source>
        <translation>죽은 뉴런: {share} 넘으면 표시</translation>
    </message>
    <message>
        <source>curves, layer</source>
        <translation>곡선, 층</translation>
    </message>
    <message>
        <source>layer (input → output)</source>
        <translation>층 (입력 → 출력)</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>학습 스텝</translation>
    </message>
    <message>
        <source>random filter-normalised (Li et al. 2018)</source>
        <translation>무작위, 필터 정규화 (Li et al. 2018)</translation>
    </message>
    <message>
        <source>PCA of the training trajectory</source>
        <translation>학습 경로의 PCA</translation>
    </message>
    <message>
        <source>conv {i}: {filters}@{k}×{k}, {act}</source>
        <translation>합성곱 {i}: {filters}@{k}×{k}, {act}</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>은닉층</translation>
    </message>
    <message>
        <source>+ {k} more</source>
        <translation>+ {k}개 더</translation>
    </message>
    <message>
        <source>{n} inputs</source>
        <translation>입력 {n}개</translation>
    </message>
    <message>
        <source>{n} units</source>
        <translation>뉴런 {n}개</translation>
    </message>
    <message>
        <source>the output over the input plane
(x₁ → right, x₂ ↑ up)</source>
        <translation>입력 평면 위의 출력
(x₁ → 오른쪽, x₂ ↑ 위쪽)</translation>
    </message>
    <message>
        <source>grey bundles: darker, wider = larger mean |value|</source>
        <translation>회색 다발: 진하고 넓을수록 평균 |값|이 큼</translation>
    </message>
    <message>
        <source>slow motion: 1 step / 0.5 s</source>
        <translation>느리게: 0.5초에 1스텝</translation>
    </message>
    <message>
        <source>1 step / frame</source>
        <translation>프레임당 1스텝</translation>
    </message>
    <message>
        <source>5 steps / frame</source>
        <translation>프레임당 5스텝</translation>
    </message>
    <message>
        <source>20 steps / frame</source>
        <translation>프레임당 20스텝</translation>
    </message>
    <message>
        <source>50 steps / frame</source>
        <translation>프레임당 50스텝</translation>
    </message>
    <message>
        <source>−∇f (direction)</source>
        <translation>−∇f (방향)</translation>
    </message>
    <message>
        <source>The downhill direction −∇f at each current point (fixed length: the gradient&apos;s size spans decades).</source>
        <translation>각 현재 점에서 내리막 방향 −∇f (길이 고정: 기울기의 크기는 여러 자릿수에 걸쳐 있습니다).</translation>
    </message>
    <message>
        <source>velocity</source>
        <translation>속도</translation>
    </message>
    <message>
        <source>The momentum the optimizer carries as a displacement: −lr·buffer for momentum, −lr·m̂ for Adam (true to scale).</source>
        <translation>옵티마이저가 싣고 가는 모멘텀을 변위로 표시: 모멘텀은 −lr·buffer, Adam은 −lr·m̂ (실제 축척).</translation>
    </message>
    <message>
        <source>actual step</source>
        <translation>실제 걸음</translation>
    </message>
    <message>
        <source>The step actually taken into the current point, after momentum and adaptive scaling (opt.last_step).</source>
        <translation>모멘텀과 적응형 스케일링을 거쳐 현재 점까지 실제로 내디딘 걸음 (opt.last_step).</translation>
    </message>
    <message>
        <source>batch loss (every step)</source>
        <translation>배치 손실 (매 스텝)</translation>
    </message>
    <message>
        <source>train loss (whole set)</source>
        <translation>훈련 손실 (전체)</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>시험 손실</translation>
    </message>
    <message>
        <source>train accuracy</source>
        <translation>훈련 정확도</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>시험 정확도</translation>
    </message>
    <message>
        <source>softmax + cross-entropy (2 units)</source>
        <translation>softmax + 교차 엔트로피 (뉴런 2개)</translation>
    </message>
    <message>
        <source>softmax + cross-entropy</source>
        <translation>softmax + 교차 엔트로피</translation>
    </message>
    <message>
        <source>One unit σ(z) read as P(class 1), scored by binary cross-entropy: logistic regression.</source>
        <translation>뉴런 하나의 σ(z)를 P(클래스 1)로 읽고 이진 교차 엔트로피로 평가: 로지스틱 회귀.</translation>
    </message>
    <message>
        <source>The raw weighted sum z, scored by the mean squared error to the target.</source>
        <translation>가중합 z를 그대로, 정답과의 평균 제곱 오차로 평가.</translation>
    </message>
    <message>
        <source>σ(z) scored by squared error: it works, but saturated units learn slowly.</source>
        <translation>σ(z)를 제곱 오차로 평가: 동작하지만 포화된 뉴런은 느리게 학습합니다.</translation>
    </message>
    <message>
        <source>One unit per class turned into probabilities by softmax, scored by cross-entropy.</source>
        <translation>클래스마다 뉴런 하나, 소프트맥스로 확률로 바꾸고 교차 엔트로피로 평가.</translation>
    </message>
    <message>
        <source>Random weights with std √(1/n_in): keeps the signal&apos;s size steady through sigmoid and tanh layers.</source>
        <translation>표준편차 √(1/n_in)인 무작위 가중치: sigmoid와 tanh 층을 지나도 신호의 크기가 일정합니다.</translation>
    </message>
    <message>
        <source>Random weights with std √(2/n_in): makes up for ReLU zeroing half of its inputs.</source>
        <translation>표준편차 √(2/n_in)인 무작위 가중치: ReLU가 입력의 절반을 0으로 만드는 것을 메워 줍니다.</translation>
    </message>
    <message>
        <source>Tiny random weights: in a deep network the signal and the gradients fade away.</source>
        <translation>아주 작은 무작위 가중치: 깊은 신경망에서는 신호와 기울기가 사라집니다.</translation>
    </message>
    <message>
        <source>Large random weights: sigmoid and tanh units saturate and their gradients vanish.</source>
        <translation>큰 무작위 가중치: sigmoid와 tanh 뉴런이 포화되어 기울기가 소실됩니다.</translation>
    </message>
    <message>
        <source>zeros (symmetry!)</source>
        <translation>0 (대칭!)</translation>
    </message>
    <message>
        <source>All weights 0: every unit of a layer stays identical, so the layer never learns more than one feature.</source>
        <translation>모든 가중치가 0: 한 층의 모든 뉴런이 똑같이 유지되어, 그 층은 특성을 하나밖에 학습하지 못합니다.</translation>
    </message>
    <message>
        <source>shuffle</source>
        <translation>섞기</translation>
    </message>
    <message>
        <source>Each epoch visits every training point once, in a new random order.</source>
        <translation>에폭마다 모든 훈련 데이터를 새로운 무작위 순서로 한 번씩 봅니다.</translation>
    </message>
    <message>
        <source>replace</source>
        <translation>복원 추출</translation>
    </message>
    <message>
        <source>Each batch is drawn at random with replacement, as in the textbook&apos;s MNIST loop.</source>
        <translation>교재의 MNIST 학습 루프처럼, 배치마다 복원 추출로 무작위로 뽑습니다.</translation>
    </message>
    <message>
        <source>momentum μ</source>
        <translation>모멘텀 μ</translation>
    </message>
    <message>
        <source>How much of the previous step carries into the next one (0 = none, 0.9 = a heavy ball).</source>
        <translation>이전 걸음이 다음 걸음에 얼마나 이어지는지 (0 = 전혀, 0.9 = 무거운 공).</translation>
    </message>
    <message>
        <source>dampening</source>
        <translation>감쇠</translation>
    </message>
    <message>
        <source>Scales each new gradient down as it enters the momentum buffer.</source>
        <translation>새 기울기가 모멘텀 버퍼에 들어갈 때 줄이는 비율.</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>가중치 감소</translation>
    </message>
    <message>
        <source>Shrinks every weight towards 0 inside the optimizer at each step.</source>
        <translation>옵티마이저 안에서 스텝마다 모든 가중치를 0 쪽으로 줄입니다.</translation>
    </message>
    <message>
        <source>Take the gradient after the momentum look-ahead instead of before it.</source>
        <translation>모멘텀으로 미리 내다본 뒤의 기울기를 씁니다(앞이 아니라).</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov 모멘텀</translation>
    </message>
    <message>
        <source>lr decay</source>
        <translation>학습률 감소</translation>
    </message>
    <message>
        <source>Lowers the learning rate over time as lr / (1 + (t − 1)·decay).</source>
        <translation>학습률을 시간에 따라 lr / (1 + (t − 1)·decay)로 낮춥니다.</translation>
    </message>
    <message>
        <source>initial sum</source>
        <translation>초기 합</translation>
    </message>
    <message>
        <source>The starting sum of squared gradients, which damps the first steps.</source>
        <translation>기울기 제곱의 시작 합. 처음 몇 걸음을 누그러뜨립니다.</translation>
    </message>
    <message>
        <source>A tiny number added to the denominator so a step never divides by zero.</source>
        <translation>걸음이 0으로 나누지 않도록 분모에 더하는 아주 작은 수.</translation>
    </message>
    <message>
        <source>α (decay)</source>
        <translation>α (감쇠율)</translation>
    </message>
    <message>
        <source>How slowly the running average of squared gradients forgets (0.99 ≈ the last 100 steps).</source>
        <translation>기울기 제곱의 이동 평균이 얼마나 천천히 잊는지 (0.99 ≈ 최근 100스텝).</translation>
    </message>
    <message>
        <source>centered</source>
        <translation>중심화</translation>
    </message>
    <message>
        <source>Divide by the gradients&apos; variance instead of their raw mean square.</source>
        <translation>기울기의 제곱 평균 대신 분산으로 나눕니다.</translation>
    </message>
    <message>
        <source>ρ (decay)</source>
        <translation>ρ (감쇠율)</translation>
    </message>
    <message>
        <source>How slowly the running averages of squared gradients and squared steps forget.</source>
        <translation>기울기 제곱과 걸음 제곱의 이동 평균이 얼마나 천천히 잊는지.</translation>
    </message>
    <message>
        <source>β₁ averages the gradients (momentum), β₂ their squares (the per-weight step size).</source>
        <translation>β₁은 기울기의 평균(모멘텀), β₂는 기울기 제곱의 평균(가중치별 걸음 크기).</translation>
    </message>
    <message>
        <source>Which points, images or sequences the network learns to classify or fit; all but MNIST and your text file are generated from a seed.</source>
        <translation>신경망이 분류하거나 맞추도록 학습할 점, 이미지 또는 시퀀스. MNIST와 직접 고른 텍스트 파일 말고는 모두 시드로 생성합니다.</translation>
    </message>
    <message>
        <source>The logic gate whose four-row truth table is learned.</source>
        <translation>네 줄짜리 진리표를 학습할 논리 게이트.</translation>
    </message>
    <message>
        <source>How far points stray from the clean pattern; more noise makes the task harder.</source>
        <translation>점들이 깨끗한 패턴에서 벗어나는 정도. 잡음이 많을수록 어려워집니다.</translation>
    </message>
    <message>
        <source>The share of points held out to measure how well the network generalises.</source>
        <translation>신경망의 일반화를 재기 위해 떼어 두는 점의 비율.</translation>
    </message>
    <message>
        <source>How many points the data set has (for MNIST: how many of its images are used).</source>
        <translation>데이터셋의 점 개수 (MNIST는 사용할 이미지 수).</translation>
    </message>
    <message>
        <source>How many time steps each sequence has; the network reads them one at a time.</source>
        <translation>시퀀스마다 시간 스텝이 몇 개인지. 신경망은 한 번에 하나씩 읽습니다.</translation>
    </message>
    <message>
        <source>How many different symbols there are to remember.</source>
        <translation>기억해야 할 서로 다른 기호의 수.</translation>
    </message>
    <message>
        <source>How many characters each window starts after the one before it.</source>
        <translation>각 창이 앞 창보다 몇 글자 뒤에서 시작하는지.</translation>
    </message>
    <message>
        <source>The random seed of the data: the same seed gives the same points every time.</source>
        <translation>데이터의 난수 시드: 같은 시드는 언제나 같은 점을 만듭니다.</translation>
    </message>
    <message>
        <source>Draw a new data set with the next seed (the network is rebuilt).</source>
        <translation>다음 시드로 새 데이터셋을 만듭니다 (신경망을 다시 만듭니다).</translation>
    </message>
    <message>
        <source>The layer sizes from input to output; inputs and outputs follow from the data.</source>
        <translation>입력층부터 출력층까지 층의 크기. 입력과 출력 수는 데이터에서 정해집니다.</translation>
    </message>
    <message>
        <source>dense</source>
        <translation>밀집</translation>
    </message>
    <message>
        <source>convolution</source>
        <translation>합성곱</translation>
    </message>
    <message>
        <source>pooling</source>
        <translation>풀링</translation>
    </message>
    <message>
        <source>flatten</source>
        <translation>평탄화</translation>
    </message>
    <message>
        <source>recurrent</source>
        <translation>순환</translation>
    </message>
    <message>
        <source>max pooling</source>
        <translation>최대 풀링</translation>
    </message>
    <message>
        <source>average pooling</source>
        <translation>평균 풀링</translation>
    </message>
    <message>
        <source>A dense (fully connected) layer: every unit sees every input, a = f(W·x + b).</source>
        <translation>밀집(전결합) 계층: 모든 뉴런이 모든 입력을 봅니다, a = f(W·x + b).</translation>
    </message>
    <message>
        <source>A convolutional layer: each filter slides over the input maps and makes one feature map.</source>
        <translation>합성곱 계층: 필터마다 입력 맵 위를 미끄러지며 특성 맵 하나를 만듭니다.</translation>
    </message>
    <message>
        <source>A pooling layer: each window of every map is reduced to one number (its maximum or its mean).</source>
        <translation>풀링 계층: 모든 맵의 창 하나하나를 수 하나(최댓값 또는 평균)로 줄입니다.</translation>
    </message>
    <message>
        <source>Flatten: the feature maps are laid out as one long vector for the dense layers after it.</source>
        <translation>평탄화: 뒤따르는 밀집 계층을 위해 특성 맵을 긴 벡터 하나로 펼칩니다.</translation>
    </message>
    <message>
        <source>A recurrent layer: it reads the sequence one step at a time and carries a hidden state h from step to step.</source>
        <translation>순환 계층: 시퀀스를 한 스텝씩 읽고 은닉 상태 h를 다음 스텝으로 넘깁니다.</translation>
    </message>
    <message>
        <source>Neurons in this hidden layer (the arrows stop at 64; type up to 1024).</source>
        <translation>이 은닉층의 뉴런 수 (화살표는 64까지, 입력은 1024까지).</translation>
    </message>
    <message>
        <source>One more neuron in this layer.</source>
        <translation>이 층에 뉴런 하나 추가.</translation>
    </message>
    <message>
        <source>One neuron fewer in this layer.</source>
        <translation>이 층에서 뉴런 하나 제거.</translation>
    </message>
    <message>
        <source>The function each neuron applies to its weighted sum z: a = f(z).</source>
        <translation>각 뉴런이 가중합 z에 적용하는 활성화 함수: a = f(z).</translation>
    </message>
    <message>
        <source>Remove this hidden layer.</source>
        <translation>이 은닉층을 없앱니다.</translation>
    </message>
    <message>
        <source>During training, each unit of this layer is switched off with this probability, against overfitting.</source>
        <translation>훈련 중 이 층의 각 뉴런을 이 확률로 끕니다. 과적합을 막습니다.</translation>
    </message>
    <message>
        <source>Normalise this layer&apos;s z over each batch to mean 0 and variance 1, then scale and shift it.</source>
        <translation>이 층의 z를 배치마다 평균 0, 분산 1로 정규화한 뒤 늘이고 옮깁니다.</translation>
    </message>
    <message>
        <source>How many filters the layer learns: each makes one feature map.</source>
        <translation>층이 학습할 필터의 수: 필터 하나가 특성 맵 하나를 만듭니다.</translation>
    </message>
    <message>
        <source>The filter&apos;s size F: it looks at F×F pixels of every input map at once.</source>
        <translation>필터의 크기 F: 입력 맵마다 F×F 픽셀을 한 번에 봅니다.</translation>
    </message>
    <message>
        <source>How many pixels the window moves between outputs (S); 2 halves the map.</source>
        <translation>출력 사이에 창이 움직이는 픽셀 수(S). 2이면 맵이 절반이 됩니다.</translation>
    </message>
    <message>
        <source>Rows and columns of zeros added around the input (P); 1 keeps a 3×3 filter&apos;s map size.</source>
        <translation>입력 둘레에 덧붙이는 0의 행과 열(P). 3×3 필터에서 1이면 맵 크기가 그대로입니다.</translation>
    </message>
    <message>
        <source>Unticked, the layer is frozen: its gradients are shown but the optimizer never moves its weights (transfer learning).</source>
        <translation>선택을 해제하면 층이 고정됩니다: 기울기는 보이지만 옵티마이저가 가중치를 바꾸지 않습니다(전이 학습).</translation>
    </message>
    <message>
        <source>Max pooling keeps each window&apos;s largest value, average pooling its mean.</source>
        <translation>최대 풀링은 창마다 가장 큰 값을, 평균 풀링은 평균을 남깁니다.</translation>
    </message>
    <message>
        <source>The pooling window&apos;s size: it reduces size×size pixels to one.</source>
        <translation>풀링 창의 크기: 크기×크기 픽셀을 하나로 줄입니다.</translation>
    </message>
    <message>
        <source>The recurrent cell: a plain RNN, or an LSTM or GRU whose gates help it remember over many steps.</source>
        <translation>순환 셀: 기본 RNN, 또는 게이트 덕분에 여러 스텝에 걸쳐 기억하는 LSTM이나 GRU.</translation>
    </message>
    <message>
        <source>Ticked, the layer outputs h at every step (one prediction per step); unticked, only the last step&apos;s h.</source>
        <translation>선택하면 층이 스텝마다 h를 출력하고(스텝마다 예측 하나), 해제하면 마지막 스텝의 h만 출력합니다.</translation>
    </message>
    <message>
        <source>max</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>average</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>{c} feature maps of {h}×{w}</source>
        <translation>{h}×{w} 특성 맵 {c}개</translation>
    </message>
    <message>
        <source>{f} values at each of {t} time steps</source>
        <translation>시간 스텝 {t}개마다 값 {f}개</translation>
    </message>
    <message numerus="yes">
        <source>%n value(s)</source>
        <translation>
            <numerusform>값 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>This layer&apos;s output: {what}</source>
        <translation>이 층의 출력: {what}</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>필터</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>필터 크기</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>스트라이드</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>패딩</translation>
    </message>
    <message>
        <source>trainable</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>filters</source>
        <translation>필터</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>스트라이드</translation>
    </message>
    <message>
        <source>pad</source>
        <translation>패딩</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>창</translation>
    </message>
    <message>
        <source>size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>output at every step</source>
        <translation>스텝마다 출력</translation>
    </message>
    <message>
        <source>units</source>
        <translation>뉴런</translation>
    </message>
    <message>
        <source>Add a hidden layer (more layers can learn more complex shapes, and are harder to train).</source>
        <translation>은닉층 추가 (층이 많을수록 더 복잡한 모양을 배울 수 있지만 훈련이 어렵습니다).</translation>
    </message>
    <message>
        <source>The kind of layer “+ layer” adds: only kinds that fit where it goes are offered.</source>
        <translation>“+ 층”이 추가할 층의 종류: 그 자리에 맞는 종류만 보입니다.</translation>
    </message>
    <message>
        <source>Show dropout and batch normalisation for every hidden layer.</source>
        <translation>모든 은닉층에 드롭아웃과 배치 정규화 설정을 보입니다.</translation>
    </message>
    <message>
        <source>The output activation and the loss it is paired with; only pairs that fit the data are offered.</source>
        <translation>출력층의 활성화 함수와 짝을 이루는 손실 함수. 데이터에 맞는 조합만 고를 수 있습니다.</translation>
    </message>
    <message>
        <source>How the random starting weights are scaled; bad scales saturate or silence the neurons.</source>
        <translation>무작위 초기 가중치의 크기. 잘못된 크기는 뉴런을 포화시키거나 잠재웁니다.</translation>
    </message>
    <message>
        <source>How far each step moves the weights along −gradient; too high diverges, too low crawls.</source>
        <translation>스텝마다 가중치를 −기울기 방향으로 얼마나 옮길지. 너무 크면 발산하고 너무 작으면 기어갑니다.</translation>
    </message>
    <message>
        <source>The rule that turns gradients into weight updates.</source>
        <translation>기울기를 가중치 갱신으로 바꾸는 규칙.</translation>
    </message>
    <message>
        <source>How many points each training step averages its gradient over.</source>
        <translation>학습 스텝마다 기울기를 평균할 점의 개수.</translation>
    </message>
    <message>
        <source>Weight decay: adds ½·l2·Σw² to the loss, pulling weights towards 0 to fight overfitting.</source>
        <translation>가중치 감소: 손실에 ½·l2·Σw²를 더해 가중치를 0 쪽으로 당기며 과적합을 막습니다.</translation>
    </message>
    <message>
        <source>Adds l1·Σ|w| to the loss, pushing weak weights to exactly 0.</source>
        <translation>손실에 l1·Σ|w|를 더해 약한 가중치를 정확히 0으로 밀어냅니다.</translation>
    </message>
    <message>
        <source>How the training points are drawn into batches.</source>
        <translation>훈련 데이터를 배치로 뽑는 방법.</translation>
    </message>
    <message>
        <source>The seed of the batch order: the same seed replays the same batches.</source>
        <translation>배치 순서의 시드: 같은 시드는 같은 배치를 다시 만듭니다.</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>뉴런 수</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>배치 정규화</translation>
    </message>
    <message>
        <source>Hidden layer {n}</source>
        <translation>은닉층 {n}</translation>
    </message>
    <message>
        <source>{label}: {text} is not a number</source>
        <translation>{label}: {text}는 수가 아닙니다</translation>
    </message>
    <message>
        <source>This field</source>
        <translation>이 칸</translation>
    </message>
    <message>
        <source>{name}: “{text}” is not {kind}; nothing was applied.</source>
        <translation>{name}: “{text}”는 {kind}가 아닙니다. 아무것도 적용하지 않았습니다.</translation>
    </message>
    <message>
        <source>{name}: {text} is outside {low} … {high}; nothing was applied.</source>
        <translation>{name}: {text}는 {low} … {high} 범위를 벗어납니다. 아무것도 적용하지 않았습니다.</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>정수</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>수</translation>
    </message>
    <message>
        <source>conv {n}: {f}@{k}×{k}, P = {p}, S = {s}</source>
        <translation>합성곱 {n}: {f}@{k}×{k}, P = {p}, S = {s}</translation>
    </message>
    <message>
        <source>{kind} {n}: {k}×{k}, S = {s}</source>
        <translation>{kind} {n}: {k}×{k}, S = {s}</translation>
    </message>
    <message>
        <source>backpropagation through time</source>
        <translation>시간을 거스르는 역전파(BPTT)</translation>
    </message>
    <message>
        <source>time step t</source>
        <translation>시간 스텝 t</translation>
    </message>
    <message>
        <source>‖share of ∂L/∂Wh‖</source>
        <translation>‖∂L/∂Wh에서 차지하는 몫‖</translation>
    </message>
    <message>
        <source>Train an RNN and an LSTM on this data</source>
        <translation>이 데이터로 RNN과 LSTM 훈련</translation>
    </message>
    <message>
        <source>Trains a plain RNN and an LSTM on the same data, batches and seed ({steps} steps each, in the background) and compares how much of the loss&apos;s gradient reaches the first time step.</source>
        <translation>기본 RNN과 LSTM을 같은 데이터, 배치, 시드로 훈련하고(각각 {steps}스텝, 백그라운드에서) 손실의 기울기가 첫 시간 스텝까지 얼마나 닿는지 비교합니다.</translation>
    </message>
    <message>
        <source>‖∂L/∂hₜ‖ before training</source>
        <translation>훈련 전 ‖∂L/∂hₜ‖</translation>
    </message>
    <message>
        <source>the first layer must be recurrent to compare cells</source>
        <translation>셀을 비교하려면 첫 층이 순환 계층이어야 합니다</translation>
    </message>
    <message>
        <source>Training an RNN and an LSTM on the same data…</source>
        <translation>같은 데이터로 RNN과 LSTM을 훈련하는 중…</translation>
    </message>
    <message>
        <source>{kind}: test accuracy {acc}</source>
        <translation>{kind}: 시험 정확도 {acc}</translation>
    </message>
    <message>
        <source>{kind}: ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ = {ratio}</source>
        <translation>{kind}: 기울기 비 ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ = {ratio}</translation>
    </message>
    <message>
        <source>(before training; the loss is at the last step)</source>
        <translation>(훈련 전, 손실은 마지막 스텝에서)</translation>
    </message>
    <message>
        <source>gates at this step</source>
        <translation>이 스텝의 게이트</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>뉴런</translation>
    </message>
    <message>
        <source>gates at step t = {t}</source>
        <translation>스텝 t = {t}의 게이트</translation>
    </message>
    <message>
        <source>gates (step forward through time to see them)</source>
        <translation>게이트 (스텝을 진행하면 나타남)</translation>
    </message>
    <message>
        <source>(units 1–{n} of {all})</source>
        <translation>(뉴런 {all}개 중 1–{n})</translation>
    </message>
    <message>
        <source>the input&apos;s part of the pre-activation</source>
        <translation>활성화 전 값에서 입력이 차지하는 몫</translation>
    </message>
    <message>
        <source>the previous state&apos;s part (h₀ = 0)</source>
        <translation>이전 상태가 차지하는 몫 (h₀ = 0)</translation>
    </message>
    <message>
        <source>pre-activation z = x·Wx + bx + h₋₁·Wh + bh</source>
        <translation>활성화 전 값 z = x·Wx + bx + h₋₁·Wh + bh</translation>
    </message>
    <message>
        <source>the new hidden state</source>
        <translation>새 은닉 상태</translation>
    </message>
    <message>
        <source>pre-activation of the gate: x·Wx + bx + h₋₁·Wh + bh (its columns)</source>
        <translation>게이트의 활성화 전 값: x·Wx + bx + h₋₁·Wh + bh (해당 열)</translation>
    </message>
    <message>
        <source>the new cell state</source>
        <translation>새 셀 상태</translation>
    </message>
    <message>
        <source>what the layer above sends at this step</source>
        <translation>이 스텝에서 위층이 보내는 값</translation>
    </message>
    <message>
        <source>in all: from above plus what step t + 1 sends back</source>
        <translation>합계: 위에서 온 값과 스텝 t + 1이 되돌려 보내는 값</translation>
    </message>
    <message>
        <source>through tanh c and, via the forget gate, from step t + 1</source>
        <translation>tanh c를 거쳐, 그리고 망각 게이트를 통해 스텝 t + 1에서</translation>
    </message>
    <message>
        <source>δ of the pre-activation; step t&apos;s share of ∂L/∂Wh is h₋₁ᵀ·δ</source>
        <translation>활성화 전 값의 δ. ∂L/∂Wh에서 스텝 t의 몫은 h₋₁ᵀ·δ</translation>
    </message>
    <message>
        <source>Predictions appear once a step is traced: press “time step ▶”.</source>
        <translation>스텝을 추적하면 예측이 나타납니다: “시간 스텝 ▶”을 누르세요.</translation>
    </message>
    <message>
        <source>(after the output layer)</source>
        <translation>(출력층 다음)</translation>
    </message>
    <message>
        <source>input &lt;b&gt;{x}&lt;/b&gt; → predicted &lt;b&gt;{y}&lt;/b&gt; &amp;nbsp; (target &lt;b&gt;{t}&lt;/b&gt;)</source>
        <translation>입력 &lt;b&gt;{x}&lt;/b&gt; → 예측 &lt;b&gt;{y}&lt;/b&gt; &amp;nbsp; (정답 &lt;b&gt;{t}&lt;/b&gt;)</translation>
    </message>
    <message>
        <source>prediction of the next value</source>
        <translation>다음 값의 예측</translation>
    </message>
    <message>
        <source>target x_{t+1}</source>
        <translation>정답 x_{t+1}</translation>
    </message>
    <message>
        <source>shared weights</source>
        <translation>공유 가중치</translation>
    </message>
    <message>
        <source>every step uses
these same weights</source>
        <translation>모든 스텝이
이 가중치를 함께 씁니다</translation>
    </message>
    <message>
        <source>shape {rows}×{cols}, used at every time step</source>
        <translation>모양 {rows}×{cols}, 모든 시간 스텝에서 사용</translation>
    </message>
    <message>
        <source>⚠ the error enters here</source>
        <translation>⚠ 오차가 여기서 들어옵니다</translation>
    </message>
    <message>
        <source>✎ the bug is here</source>
        <translation>✎ 버그는 여기에</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>확인 안 함</translation>
    </message>
    <message>
        <source>agree</source>
        <translation>일치</translation>
    </message>
    <message>
        <source>inconclusive</source>
        <translation>판정 불가</translation>
    </message>
    <message>
        <source>differ</source>
        <translation>불일치</translation>
    </message>
    <message>
        <source>Plant a bug</source>
        <translation>버그 심기</translation>
    </message>
    <message>
        <source>Which layer?</source>
        <translation>어느 층일까?</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>진단</translation>
    </message>
    <message>
        <source>checking %v of %m numbers</source>
        <translation>값 %m개 중 %v개 확인 중</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Stop the gradient check (a planted bug stays planted).</source>
        <translation>기울기 확인을 멈춥니다 (심은 버그는 그대로 남습니다).</translation>
    </message>
    <message>
        <source>The layer whose backward pass gets the bug.</source>
        <translation>역전파에 버그를 심을 층.</translation>
    </message>
    <message>
        <source>Classic backprop mistakes that can happen in this layer.</source>
        <translation>이 층에서 생길 수 있는 대표적인 역전파 실수.</translation>
    </message>
    <message>
        <source>act′ in z or a, e.g. a*(1-a)</source>
        <translation>z나 a로 쓴 act′, 예: a*(1-a)</translation>
    </message>
    <message>
        <source>Your derivative of this layer&apos;s activation, as a formula in z (the input of the activation) or a (its output): e.g. a*(1-a) for the sigmoid, 1 - a**2 for tanh, z &gt; 0 for ReLU.</source>
        <translation>이 층 활성화 함수의 도함수를 z(활성화 함수의 입력)나 a(출력)의 식으로 쓰세요: 예를 들어 시그모이드는 a*(1-a), tanh는 1 - a**2, ReLU는 z &gt; 0.</translation>
    </message>
    <message>
        <source>every number</source>
        <translation>모든 값</translation>
    </message>
    <message>
        <source>{n} per parameter (sampled)</source>
        <translation>매개변수마다 {n}개 (표본)</translation>
    </message>
    <message>
        <source>How many gradient numbers of each parameter the check compares with the numerical gradient (two loss evaluations each): on MNIST, checking every one of 40,000 weights takes minutes.</source>
        <translation>매개변수마다 기울기 값 몇 개를 수치 미분과 비교할지 (값마다 손실을 두 번 계산): MNIST에서 가중치 40,000개를 모두 확인하면 몇 분이 걸립니다.</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Bug</source>
        <translation>버그</translation>
    </message>
    <message>
        <source>Your act′</source>
        <translation>직접 쓴 act′</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>확인 범위</translation>
    </message>
    <message>
        <source>Plant and check</source>
        <translation>심고 확인</translation>
    </message>
    <message>
        <source>Run backprop with this bug and compare every gradient with the numerical one; training also runs with the bug until you remove it.</source>
        <translation>이 버그를 넣은 채 역전파를 실행하고 모든 기울기를 수치 미분과 비교합니다. 버그를 없앨 때까지 훈련도 버그와 함께 진행됩니다.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>없애기</translation>
    </message>
    <message>
        <source>Restore the correct backward pass and check again.</source>
        <translation>올바른 역전파로 되돌리고 다시 확인합니다.</translation>
    </message>
    <message>
        <source>colour the graph</source>
        <translation>그래프에 색칠</translation>
    </message>
    <message>
        <source>Edges and bias squares coloured by whether backprop agrees with the numerical gradient, instead of by their values.</source>
        <translation>연결선과 편향 사각형을 값 대신, 역전파가 수치 미분과 일치하는지에 따라 색칠합니다.</translation>
    </message>
    <message>
        <source>The app plants a bug in one layer without saying where, and checks the gradients. Red edges differ from the numerical gradient. Which layer is wrong? Click one of its neurons on the node graph, or choose it here.</source>
        <translation>앱이 어느 한 층에 몰래 버그를 심고 기울기를 확인합니다. 빨간 연결선은 수치 미분과 다릅니다. 어느 층이 틀렸을까요? 노드 그래프에서 그 층의 뉴런을 클릭하거나 여기서 고르세요.</translation>
    </message>
    <message>
        <source>New exercise</source>
        <translation>새 문제</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>답하기</translation>
    </message>
    <message>
        <source>guide 1e-3</source>
        <translation>기준 1e-3</translation>
    </message>
    <message>
        <source>Update-to-weight ratio per layer, each recorded step: about 1e-3 is healthy; far above, the learning rate is too high; far below, too low.</source>
        <translation>기록된 스텝마다 층별 갱신량 대 가중치 비율: 1e-3 정도가 건강합니다. 훨씬 크면 학습률이 너무 높고, 훨씬 작으면 너무 낮습니다.</translation>
    </message>
    <message>
        <source>your own act′ (type it below)</source>
        <translation>직접 쓴 act′ (아래에 입력)</translation>
    </message>
    <message>
        <source>The true derivative here: act′ = {formula}. Type it, or a wrong one, and see whether the check notices.</source>
        <translation>여기서 참인 도함수: act′ = {formula}. 이것이나 틀린 식을 입력하고 확인이 알아채는지 보세요.</translation>
    </message>
    <message>
        <source>No bug of the list applies to this network.</source>
        <translation>목록의 버그 중 이 신경망에 해당하는 것이 없습니다.</translation>
    </message>
    <message>
        <source>Checking the gradients…</source>
        <translation>기울기 확인 중…</translation>
    </message>
    <message>
        <source>{d} of {n} checked numbers differ. Which layer is wrong? Click one of its neurons on the graph, or choose it above and press Answer.</source>
        <translation>확인한 값 {n}개 중 {d}개가 다릅니다. 어느 층이 틀렸을까요? 그래프에서 그 층의 뉴런을 클릭하거나, 위에서 고르고 답하기를 누르세요.</translation>
    </message>
    <message>
        <source>Check cancelled.</source>
        <translation>확인을 취소했습니다.</translation>
    </message>
    <message>
        <source>The bug stays planted until you remove it.</source>
        <translation>버그는 없앨 때까지 심어진 채로 남습니다.</translation>
    </message>
    <message>
        <source>Checked {n} numbers: {a} agree, {i} inconclusive, {d} differ.</source>
        <translation>값 {n}개 확인: 일치 {a}, 판정 불가 {i}, 불일치 {d}.</translation>
    </message>
    <message>
        <source>{d} differ, {a} agree</source>
        <translation>불일치 {d}, 일치 {a}</translation>
    </message>
    <message>
        <source>The error enters in {layer}: the highest layer whose gradients differ; every layer on its input side inherits its wrong δ.</source>
        <translation>오차는 {layer}에서 들어옵니다: 기울기가 다른 가장 위층입니다. 그 입력 쪽의 모든 층은 틀린 δ를 물려받습니다.</translation>
    </message>
    <message>
        <source>The correct backward pass: no gradient differs from the numerical one.</source>
        <translation>올바른 역전파: 수치 미분과 다른 기울기가 없습니다.</translation>
    </message>
    <message>
        <source>The first wrong number of the backward pass: {symbol} of {layer}. Click an edge of that layer: the inspector shows each factor, right and wrong.</source>
        <translation>역전파에서 처음 틀린 값: {layer}의 {symbol}. 그 층의 연결선을 클릭하면 검사기가 각 인수를 맞는 값과 틀린 값으로 보여 줍니다.</translation>
    </message>
    <message>
        <source>A bug was planted somewhere. Checking the gradients…</source>
        <translation>어딘가에 버그를 심었습니다. 기울기 확인 중…</translation>
    </message>
    <message>
        <source>Step {step}: nothing to report — no saturated or dead units, no vanishing gradients, update sizes within reach of the guide.</source>
        <translation>스텝 {step}: 알릴 것 없음 — 포화되거나 죽은 뉴런 없음, 기울기 소실 없음, 갱신 크기가 기준 근처.</translation>
    </message>
    <message>
        <source>Step {step}: %n finding(s), worst first.</source>
        <translation>스텝 {step}: 발견 %n개, 심각한 것부터.</translation>
    </message>
    <message>
        <source>Open the lesson: {name}</source>
        <translation>수업 열기: {name}</translation>
    </message>
    <message>
        <source>Load the lesson preset that shows this problem (the current session is replaced).</source>
        <translation>이 문제를 보여 주는 수업 예제를 불러옵니다 (현재 세션은 바뀝니다).</translation>
    </message>
</context>
<context>
    <name>ActivationsView</name>
    <message>
        <source>Activations</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Tick the activations to plot together.</source>
        <translation>함께 그릴 활성화 함수를 체크하세요.</translation>
    </message>
    <message>
        <source>derivatives f′(x), dashed</source>
        <translation>도함수 f′(x), 점선</translation>
    </message>
    <message>
        <source>Where the slope is almost zero a unit passes almost no gradient back: it is saturated (or, for ReLU at x &lt; 0, dead).</source>
        <translation>기울기가 거의 0인 곳에서는 뉴런이 기울기를 거의 되돌려 보내지 못합니다: 포화된 것입니다(ReLU의 x &lt; 0에서는 죽은 것).</translation>
    </message>
    <message>
        <source>Range and parameters</source>
        <translation>범위와 매개변수</translation>
    </message>
    <message>
        <source>Left end of the plotted range of x.</source>
        <translation>그릴 x 범위의 왼쪽 끝.</translation>
    </message>
    <message>
        <source>Right end of the plotted range of x.</source>
        <translation>그릴 x 범위의 오른쪽 끝.</translation>
    </message>
    <message>
        <source>x from</source>
        <translation>x 시작</translation>
    </message>
    <message>
        <source>shade saturation, |f′(x)| &lt; {t}</source>
        <translation>포화 구간 음영, |f′(x)| &lt; {t}</translation>
    </message>
    <message>
        <source>x to</source>
        <translation>x 끝</translation>
    </message>
    <message>
        <source>Leaky ReLU&apos;s slope α for x &lt; 0: f(x) = α·x.</source>
        <translation>x &lt; 0에서 Leaky ReLU의 기울기 α: f(x) = α·x.</translation>
    </message>
    <message>
        <source>leaky ReLU α</source>
        <translation>leaky ReLU의 α</translation>
    </message>
    <message>
        <source>ELU&apos;s α: f(x) = α·(eˣ − 1) for x &lt; 0.</source>
        <translation>ELU의 α: x &lt; 0에서 f(x) = α·(eˣ − 1).</translation>
    </message>
    <message>
        <source>ELU α</source>
        <translation>ELU의 α</translation>
    </message>
    <message>
        <source>Custom activation f(x)</source>
        <translation>사용자 정의 활성화 함수 f(x)</translation>
    </message>
    <message>
        <source>e.g. {example}</source>
        <translation>예: {example}</translation>
    </message>
    <message>
        <source>An expression in x: + − * / **, pi, e, and functions such as exp, log, tanh, sigmoid, softplus, maximum, where(x &gt; 0, a, b). Press Enter to plot.</source>
        <translation>x에 대한 식: + − * / **, pi, e와 exp, log, tanh, sigmoid, softplus, maximum, where(x &gt; 0, a, b) 같은 함수. Enter를 누르면 그립니다.</translation>
    </message>
    <message>
        <source>Plot</source>
        <translation>그리기</translation>
    </message>
    <message>
        <source>Parse the expression and plot f and its exact derivative f′.</source>
        <translation>식을 해석해 f와 정확한 도함수 f′를 그립니다.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Take the custom curve off the plot.</source>
        <translation>사용자 정의 곡선을 그래프에서 지웁니다.</translation>
    </message>
    <message>
        <source>Use in network</source>
        <translation>신경망에 사용</translation>
    </message>
    <message>
        <source>Give every hidden layer of the network this activation (the network is rebuilt with fresh weights).</source>
        <translation>신경망의 모든 은닉층에 이 활성화 함수를 씁니다 (새 가중치로 신경망을 다시 만듭니다).</translation>
    </message>
    <message>
        <source>f(x) solid · f′(x) dashed</source>
        <translation>f(x) 실선 · f′(x) 점선</translation>
    </message>
    <message>
        <source>Values at the cursor: move the mouse over the plot.</source>
        <translation>커서 위치의 값: 그래프 위로 마우스를 움직이세요.</translation>
    </message>
    <message>
        <source>Tick an activation to plot it.</source>
        <translation>그릴 활성화 함수를 체크하세요.</translation>
    </message>
    <message>
        <source>f is not finite anywhere on [{low:g}, {high:g}]: nothing to draw here.</source>
        <translation>[{low:g}, {high:g}]에서 f가 유한한 곳이 없습니다: 그릴 것이 없습니다.</translation>
    </message>
    <message>
        <source>f is not finite at some x in this range (gaps in the curve).</source>
        <translation>이 범위의 일부 x에서 f가 유한하지 않습니다 (곡선이 끊깁니다).</translation>
    </message>
    <message>
        <source>The network has no hidden layers to use it in.</source>
        <translation>신경망에 이 함수를 쓸 은닉층이 없습니다.</translation>
    </message>
    <message>
        <source>Not applied: {reason}</source>
        <translation>적용하지 않음: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>f(x) = {f} is now the activation of %n hidden layer(s).</source>
        <translation>
            <numerusform>이제 은닉층 %n개의 활성화 함수가 f(x) = {f}입니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackwardPanel</name>
    <message>
        <source>∂L/∂K: the kernel&apos;s gradient</source>
        <translation>∂L/∂K: 필터의 기울기</translation>
    </message>
    <message>
        <source>∂L/∂input: δ through the flipped kernel</source>
        <translation>∂L/∂입력: 뒤집은 필터를 거친 δ</translation>
    </message>
    <message>
        <source>pooling backward: δ to the winners</source>
        <translation>풀링 역전파: δ는 최댓값 칸으로</translation>
    </message>
    <message>
        <source>filter</source>
        <translation>필터</translation>
    </message>
    <message>
        <source>show</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Check this weight numerically</source>
        <translation>이 가중치를 수치 미분으로 확인</translation>
    </message>
    <message>
        <source>(L(w + h) − L(w − h)) / 2h on the traced batch, at the step&apos;s weights</source>
        <translation>추적한 배치에서, 이 스텝의 가중치로 (L(w + h) − L(w − h)) / 2h</translation>
    </message>
    <message>
        <source>cell ({r}, {c}) of {rows}×{cols}</source>
        <translation>{rows}×{cols}의 칸 ({r}, {c})</translation>
    </message>
    <message>
        <source>input x, channel {c}</source>
        <translation>입력 x, 채널 {c}</translation>
    </message>
    <message>
        <source>δ = ∂L/∂z, filter {f}</source>
        <translation>δ = ∂L/∂z, 필터 {f}</translation>
    </message>
    <message>
        <source>∂L/∂K[{f}, {c}]</source>
        <translation>∂L/∂K[{f}, {c}] 기울기</translation>
    </message>
    <message>
        <source>this sample: Σ x·δ over the {m} cells the weight ({i}, {j}) met = {terms} = {sum}</source>
        <translation>이 샘플: 가중치 ({i}, {j})가 만난 칸 {m}개에 대한 Σ x·δ = {terms} = {sum}</translation>
    </message>
    <message>
        <source>({zeros} of the {m} products are 0: δ = 0 there or x is padding)</source>
        <translation>(곱 {m}개 중 {zeros}개가 0: 그곳의 δ = 0이거나 x가 패딩)</translation>
    </message>
    <message>
        <source>∂L/∂K[{f}, {c}, {i}, {j}] = the sum over the batch&apos;s {n} samples = &lt;b&gt;{total}&lt;/b&gt;; the layer computed {layer}</source>
        <translation>∂L/∂K[{f}, {c}, {i}, {j}] = 배치의 샘플 {n}개에 대한 합 = &lt;b&gt;{total}&lt;/b&gt;. 층이 계산한 값은 {layer}</translation>
    </message>
    <message>
        <source>(the layer&apos;s gradient also holds the weight penalty)</source>
        <translation>(층의 기울기에는 가중치 감쇠 항도 들어 있습니다)</translation>
    </message>
    <message>
        <source>This layer is frozen: the gradient is computed and shown, never applied.</source>
        <translation>이 층은 고정되어 있습니다: 기울기를 계산해 보여 주지만 적용하지는 않습니다.</translation>
    </message>
    <message>
        <source>δ of filter {f}, dilated by S − 1 and padded by K − 1 − P</source>
        <translation>필터 {f}의 δ, S − 1만큼 벌리고 K − 1 − P만큼 패딩</translation>
    </message>
    <message>
        <source>kernel W[{f}, {c}] flipped</source>
        <translation>뒤집은 필터 W[{f}, {c}]</translation>
    </message>
    <message>
        <source>∂L/∂x, channel {c}</source>
        <translation>∂L/∂x, 채널 {c}</translation>
    </message>
    <message>
        <source>∂L/∂x[{c}, {r}, {col}] = Σ over the {nf} filters of δ·w = {terms} = &lt;b&gt;{sum}&lt;/b&gt;</source>
        <translation>∂L/∂x[{c}, {r}, {col}] = 필터 {nf}개에 대한 δ·w의 합 = {terms} = &lt;b&gt;{sum}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{m} kernel weights met a δ cell ({zeros} of those products are 0); the layer computed {layer}</source>
        <translation>필터 가중치 {m}개가 δ 칸을 만났습니다(그 곱 중 {zeros}개는 0). 층이 계산한 값은 {layer}</translation>
    </message>
    <message>
        <source>(the first layer skips ∂L/∂input while training: computed here for the picture)</source>
        <translation>(첫 층은 훈련 중에 ∂L/∂입력을 건너뜁니다: 그림을 위해 여기서 계산)</translation>
    </message>
    <message>
        <source>δ of the pooled map, channel {c}</source>
        <translation>풀링한 맵의 δ, 채널 {c}</translation>
    </message>
    <message>
        <source>pooling input, channel {c}</source>
        <translation>풀링 입력, 채널 {c}</translation>
    </message>
    <message>
        <source>∂L/∂input, channel {c}</source>
        <translation>∂L/∂입력, 채널 {c}</translation>
    </message>
    <message>
        <source>δ = {d} goes to the winner ({y}, {x}) only; the other {n} cells of the window get 0</source>
        <translation>δ = {d}는 최댓값 칸 ({y}, {x})로만 갑니다. 창의 나머지 칸 {n}개는 0을 받습니다</translation>
    </message>
    <message>
        <source>δ = {d} is shared: each of the {n} cells gets δ/{n} = {share}</source>
        <translation>δ = {d}를 나눕니다: 칸 {n}개가 각각 δ/{n} = {share}를 받습니다</translation>
    </message>
    <message>
        <source>numerical {num} ± {unc} · backprop {ana} · relative error {err} — {reason}</source>
        <translation>수치 미분 {num} ± {unc} · 역전파 {ana} · 상대 오차 {err} — {reason}</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Hide this message.</source>
        <translation>이 메시지를 숨깁니다.</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Training in a second process stopped ({reason}); training here instead.</source>
        <translation>별도 프로세스의 훈련이 멈췄습니다({reason}). 대신 여기서 훈련합니다.</translation>
    </message>
    <message>
        <source>Training diverged — lower the learning rate or reset before playing again.</source>
        <translation>훈련이 발산했습니다 — 다시 재생하기 전에 학습률을 낮추거나 초기화하세요.</translation>
    </message>
    <message>
        <source>Network reset: new weights from the seed.</source>
        <translation>신경망 초기화: 시드로 새 가중치를 만들었습니다.</translation>
    </message>
    <message>
        <source>Architecture or data changed: the network was rebuilt with new weights.</source>
        <translation>구조나 데이터가 바뀌어 신경망을 새 가중치로 다시 만들었습니다.</translation>
    </message>
    <message>
        <source>Settings applied; the weights were kept.</source>
        <translation>설정을 적용했습니다. 가중치는 그대로입니다.</translation>
    </message>
    <message>
        <source>Opened {path} at step {step}.</source>
        <translation>{path}를 스텝 {step}에서 열었습니다.</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>{path}를 저장했습니다.</translation>
    </message>
    <message>
        <source>a weight typed by hand must be a finite number between −{m:g} and {m:g}</source>
        <translation>직접 입력한 가중치는 −{m:g}와 {m:g} 사이의 유한한 수여야 합니다</translation>
    </message>
    <message>
        <source>{name}{index} set to {value}.</source>
        <translation>{name}{index}를 {value}로 바꿨습니다.</translation>
    </message>
    <message>
        <source>{name}{index} set to {value}: the forward pass and loss were re-traced.</source>
        <translation>{name}{index}를 {value}로 바꿨습니다: 순전파와 손실을 다시 추적했습니다.</translation>
    </message>
    <message>
        <source>diverged at step {step} — {reason}</source>
        <translation>스텝 {step}에서 발산 — {reason}</translation>
    </message>
</context>
<context>
    <name>ConvolutionView</name>
    <message>
        <source>identity</source>
        <translation>항등</translation>
    </message>
    <message>
        <source>edge</source>
        <translation>윤곽</translation>
    </message>
    <message>
        <source>vertical edge</source>
        <translation>세로 윤곽</translation>
    </message>
    <message>
        <source>horizontal edge</source>
        <translation>가로 윤곽</translation>
    </message>
    <message>
        <source>blur</source>
        <translation>흐림</translation>
    </message>
    <message>
        <source>gaussian blur</source>
        <translation>가우스 흐림</translation>
    </message>
    <message>
        <source>sharpen</source>
        <translation>선명하게</translation>
    </message>
    <message>
        <source>a square</source>
        <translation>정사각형</translation>
    </message>
    <message>
        <source>a vertical bar</source>
        <translation>세로 막대</translation>
    </message>
    <message>
        <source>a diagonal</source>
        <translation>대각선</translation>
    </message>
    <message>
        <source>random (seed 0)</source>
        <translation>무작위 (시드 0)</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>모두 0</translation>
    </message>
    <message>
        <source>Take a training step</source>
        <translation>학습 스텝 진행</translation>
    </message>
    <message>
        <source>Train one step and record it: its real numbers are then shown here</source>
        <translation>한 스텝 훈련하고 기록합니다: 그 실제 값이 여기에 나타납니다</translation>
    </message>
    <message>
        <source>Forward, cell by cell</source>
        <translation>순전파, 칸 하나씩</translation>
    </message>
    <message>
        <source>Sandbox: N, F, P, S</source>
        <translation>실험실: N, F, P, S</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>풀링</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>역전파</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>특성 맵</translation>
    </message>
    <message>
        <source>Transfer learning</source>
        <translation>전이 학습</translation>
    </message>
    <message>
        <source>This network has no convolution layer, so there is nothing to step through here. The sandbox works without one; the presets cnn_shapes, padding_and_stride and pooling_invariance build a CNN.</source>
        <translation>이 신경망에는 합성곱 계층이 없어서 여기서 따라갈 것이 없습니다. 실험실은 합성곱 계층 없이도 동작합니다. 예제 cnn_shapes, padding_and_stride, pooling_invariance가 합성곱 신경망을 만듭니다.</translation>
    </message>
    <message>
        <source>No training step is recorded yet. Take a step (or press Step): its real numbers are then shown here, cell by cell.</source>
        <translation>아직 기록된 학습 스텝이 없습니다. 스텝을 진행하면(또는 스텝을 누르면) 그 실제 값이 여기에 칸 하나씩 나타납니다.</translation>
    </message>
    <message>
        <source>Step {n}, sample {s} of {m} in the batch (class {t}). The numbers are the step&apos;s own: the weights it started from and the maps it computed.</source>
        <translation>스텝 {n}, 배치의 샘플 {s}/{m} (클래스 {t}). 값은 모두 이 스텝의 것입니다: 시작할 때의 가중치와 계산한 맵.</translation>
    </message>
</context>
<context>
    <name>CoreTexts</name>
    <message>
        <source>batch norm</source>
        <translation>배치 정규화</translation>
    </message>
    <message>
        <source>Batch normalisation: the same deep net trains faster when every layer&apos;s input is re-centred.</source>
        <translation>배치 정규화: 모든 층의 입력을 다시 중심에 맞추면 같은 깊은 신경망이 더 빨리 학습합니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play (Space) and watch the loss fall; then turn batch norm off under “dropout, batch norm” in the Experiment panel, press R and play again to compare.</source>
        <translation>▶ 재생(Space)을 누르고 손실이 떨어지는 것을 보세요. 그다음 실험 패널의 “드롭아웃, 배치 정규화”에서 배치 정규화를 끄고 R을 눌러 다시 재생해 비교하세요.</translation>
    </message>
    <message>
        <source>cnn mnist</source>
        <translation>MNIST 합성곱 신경망</translation>
    </message>
    <message>
        <source>The textbook&apos;s SimpleConvNet (conv 30@5×5, max pool, dense 100, dense 10) on MNIST — needs your MNIST files.</source>
        <translation>교재의 SimpleConvNet (합성곱 30@5×5, 최대 풀링, 전결합 100, 전결합 10)으로 MNIST 학습 — MNIST 파일이 필요합니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play: after a few hundred steps the 30 filters turn into stroke and edge detectors and the test accuracy passes 97 %. 30 filters × 1 × 5 × 5 + 30 = 780 weights.</source>
        <translation>▶ 재생을 누르세요: 몇백 스텝이 지나면 필터 30개가 획과 모서리 검출기가 되고 시험 정확도가 97 %를 넘습니다. 필터 30개 × 1 × 5 × 5 + 30 = 가중치 780개.</translation>
    </message>
    <message>
        <source>cnn shapes</source>
        <translation>도형 합성곱 신경망</translation>
    </message>
    <message>
        <source>A small CNN on built-in 16×16 shapes: conv 8@3×3 pad 1 → ReLU → max pool 2 → softmax. No files needed.</source>
        <translation>기본 제공 16×16 도형으로 학습하는 작은 합성곱 신경망: 합성곱 8@3×3 패딩 1 → ReLU → 최대 풀링 2 → 소프트맥스. 파일이 필요 없습니다.</translation>
    </message>
    <message>
        <source>Step through one output cell: the 3×3 window, its nine products and the bias add up to the map&apos;s value. Then press ▶ Play: the test accuracy passes 95 % within seconds.</source>
        <translation>출력 칸 하나를 따라가 보세요: 3×3 창, 아홉 개의 곱과 편향을 더하면 특성 맵의 값이 됩니다. 그다음 ▶ 재생을 누르세요: 몇 초 안에 시험 정확도가 95 %를 넘습니다.</translation>
    </message>
    <message>
        <source>linear regression</source>
        <translation>선형 회귀</translation>
    </message>
    <message>
        <source>Linear regression H(x) = Wx + b with MSE: one neuron, no activation, a bowl-shaped cost.</source>
        <translation>평균 제곱 오차(MSE)로 푸는 선형 회귀 H(x) = Wx + b: 뉴런 하나, 활성화 함수 없음, 그릇 모양의 비용.</translation>
    </message>
    <message>
        <source>Press ▶ Play: the line H(x) = Wx + b swings onto the points; W and b are written above the plot.</source>
        <translation>▶ 재생을 누르세요: 직선 H(x) = Wx + b가 점들 위로 옮겨 갑니다. W와 b는 그래프 위에 적힙니다.</translation>
    </message>
    <message>
        <source>logistic regression</source>
        <translation>로지스틱 회귀</translation>
    </message>
    <message>
        <source>Logistic regression: one sigmoid neuron with cross-entropy draws a straight boundary.</source>
        <translation>로지스틱 회귀: 교차 엔트로피로 학습하는 시그모이드 뉴런 하나가 직선 경계를 긋습니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play: the straight boundary turns until it separates the two clouds.</source>
        <translation>▶ 재생을 누르세요: 직선 경계가 돌면서 두 무리를 가릅니다.</translation>
    </message>
    <message>
        <source>mnist two layer</source>
        <translation>MNIST 2층 신경망</translation>
    </message>
    <message>
        <source>The textbook&apos;s two-layer net 784-50-10 on MNIST (sigmoid, softmax, SGD 0.1) — needs your MNIST files.</source>
        <translation>교재의 2층 신경망 784-50-10으로 MNIST 학습 (시그모이드, 소프트맥스, SGD 0.1) — MNIST 파일이 필요합니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play and watch the test accuracy climb towards 95 %; the Data tab shows the traced digit and its ten probabilities.</source>
        <translation>▶ 재생을 누르고 시험 정확도가 95 %를 향해 오르는 것을 보세요. 데이터 탭에 추적한 숫자와 열 개의 확률이 나옵니다.</translation>
    </message>
    <message>
        <source>numerical vs backprop</source>
        <translation>수치 미분 vs 역전파</translation>
    </message>
    <message>
        <source>Numerical gradient vs backprop on the same small net: same numbers, very different cost.</source>
        <translation>같은 작은 신경망에서 수치 미분 vs 역전파: 같은 값, 아주 다른 비용.</translation>
    </message>
    <message>
        <source>Choose Run ▸ Time numerical gradient vs backprop; then press → until the backward pass and click an edge to see both gradients side by side.</source>
        <translation>실행 ▸ 수치 미분 vs 역전파 시간 재기를 고르세요. 그다음 역전파까지 →를 누르고 연결선을 클릭하면 두 기울기를 나란히 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>optimizer comparison</source>
        <translation>옵티마이저 비교</translation>
    </message>
    <message>
        <source>SGD, Momentum, AdaGrad and Adam racing on x²/20 + y², as in the book&apos;s figure.</source>
        <translation>교재의 그림처럼 SGD, Momentum, AdaGrad, Adam이 x²/20 + y² 위에서 경주합니다.</translation>
    </message>
    <message>
        <source>Press ▶ play in the Race box: SGD zig-zags, Momentum overshoots, AdaGrad and Adam head straight for the minimum.</source>
        <translation>경주 상자의 ▶ 재생을 누르세요: SGD는 지그재그로, Momentum은 지나쳤다 돌아오고, AdaGrad와 Adam은 최솟값으로 곧장 갑니다.</translation>
    </message>
    <message>
        <source>overfitting dropout</source>
        <translation>과적합과 드롭아웃</translation>
    </message>
    <message>
        <source>The same overfitting net regularised with dropout 0.5 on the hidden layers.</source>
        <translation>과적합하는 같은 신경망을 은닉층의 드롭아웃 0.5로 규제합니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play: with dropout the test loss stays close to the training loss instead of turning up.</source>
        <translation>▶ 재생을 누르세요: 드롭아웃이 있으면 시험 손실이 다시 오르지 않고 훈련 손실 가까이에 머뭅니다.</translation>
    </message>
    <message>
        <source>overfitting l2</source>
        <translation>과적합과 L2</translation>
    </message>
    <message>
        <source>Overfitting a few noisy points, then taming it with L2 weight decay (l2 = 0.01).</source>
        <translation>잡음 섞인 몇 개의 점에 과적합한 뒤, L2 가중치 감소(l2 = 0.01)로 길들입니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play: the training loss falls while the test loss turns up (overfitting); set L2 to 0.01 in the Experiment panel, press R and compare.</source>
        <translation>▶ 재생을 누르세요: 훈련 손실은 떨어지는데 시험 손실은 다시 오릅니다(과적합). 실험 패널에서 L2를 0.01로 정하고 R을 눌러 비교하세요.</translation>
    </message>
    <message>
        <source>padding and stride</source>
        <translation>패딩과 스트라이드</translation>
    </message>
    <message>
        <source>Padding keeps the size, stride shrinks it: (N + 2P − F)/S + 1 in a small CNN on built-in shapes.</source>
        <translation>패딩은 크기를 유지하고 스트라이드는 줄입니다: 기본 제공 도형으로 학습하는 작은 합성곱 신경망에서 (N + 2P − F)/S + 1.</translation>
    </message>
    <message>
        <source>Layer 1 pads by 1: (16 + 2×1 − 3)/1 + 1 = 16, the size is kept. Layer 2 strides by 2: (16 + 2×1 − 4)/2 + 1 = 8. In the sandbox try N = 7, F = 3, P = 0 and S = 2, then S = 3.</source>
        <translation>층 1은 패딩 1: (16 + 2×1 − 3)/1 + 1 = 16, 크기가 유지됩니다. 층 2는 스트라이드 2: (16 + 2×1 − 4)/2 + 1 = 8. 실습장에서 N = 7, F = 3, P = 0, S = 2를 넣어 보고, 그다음 S = 3을 넣어 보세요.</translation>
    </message>
    <message>
        <source>perceptron and</source>
        <translation>퍼셉트론 AND</translation>
    </message>
    <message>
        <source>A single sigmoid neuron (a perceptron) learns AND: one straight line separates the classes.</source>
        <translation>시그모이드 뉴런 하나(퍼셉트론)가 AND를 학습합니다: 직선 하나가 클래스를 가릅니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play: one straight line learns to separate the single ‘1’ corner from the three ‘0’ corners.</source>
        <translation>▶ 재생을 누르세요: 직선 하나가 ‘1’인 모서리 하나를 ‘0’인 모서리 세 개와 가르도록 학습합니다.</translation>
    </message>
    <message>
        <source>perceptron or</source>
        <translation>퍼셉트론 OR</translation>
    </message>
    <message>
        <source>A single sigmoid neuron learns OR just as easily as AND.</source>
        <translation>시그모이드 뉴런 하나가 AND만큼 쉽게 OR를 학습합니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play: one straight line separates the single ‘0’ corner from the others.</source>
        <translation>▶ 재생을 누르세요: 직선 하나가 ‘0’인 모서리 하나를 나머지와 가릅니다.</translation>
    </message>
    <message>
        <source>perceptron xor</source>
        <translation>퍼셉트론 XOR</translation>
    </message>
    <message>
        <source>Why XOR fails: no single line separates it, so one neuron is stuck at 75 % or worse.</source>
        <translation>XOR가 실패하는 이유: 직선 하나로는 가를 수 없어서 뉴런 하나로는 75 % 이하에 머뭅니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play: no straight line separates XOR, so the accuracy stays at 75 % or below.</source>
        <translation>▶ 재생을 누르세요: 어떤 직선도 XOR를 가르지 못하므로 정확도가 75 % 이하에 머뭅니다.</translation>
    </message>
    <message>
        <source>pooling invariance</source>
        <translation>풀링의 불변성</translation>
    </message>
    <message>
        <source>Max pooling keeps the strongest response of each window, so a shifted shape changes the pooled maps less.</source>
        <translation>최대 풀링은 창마다 가장 강한 반응만 남기므로, 도형이 조금 움직여도 풀링한 맵은 덜 바뀝니다.</translation>
    </message>
    <message>
        <source>Step through a pooling window: max keeps the winner, average the mean. Then shift the input by one pixel: the pooled maps change less than the conv maps.</source>
        <translation>풀링 창 하나를 따라가 보세요: 최대 풀링은 가장 큰 값을, 평균 풀링은 평균을 남깁니다. 그다음 입력을 한 픽셀 옮겨 보세요: 풀링한 맵이 합성곱 맵보다 덜 바뀝니다.</translation>
    </message>
    <message>
        <source>rnn hihello</source>
        <translation>hihello 순환 신경망</translation>
    </message>
    <message>
        <source>The course&apos;s character RNN: from “hihell” it learns to predict the next characters, “ihello”.</source>
        <translation>강의의 문자 단위 순환 신경망(RNN): “hihell”을 읽고 다음 문자들 “ihello”를 예측하도록 학습합니다.</translation>
    </message>
    <message>
        <source>Press → to read “hihell” through the RNN one time step at a time and then go back through time; press ▶ Play and watch the prediction turn into “ihello” (about 30 steps).</source>
        <translation>→를 누르면 RNN이 “hihell”을 한 시간 스텝씩 읽은 뒤 시간을 거슬러 역전파합니다. ▶ 재생을 누르고 예측이 “ihello”로 바뀌는 것을 지켜보세요(약 30스텝).</translation>
    </message>
    <message>
        <source>rnn sine</source>
        <translation>사인파 순환 신경망</translation>
    </message>
    <message>
        <source>A recurrent net reads a noisy sine wave and predicts its next value at every step.</source>
        <translation>순환 신경망이 잡음 섞인 사인파를 읽고 시간 스텝마다 다음 값을 예측합니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play: the prediction, one step ahead, settles onto the wave within a few hundred steps; → steps through time.</source>
        <translation>▶ 재생을 누르세요: 한 스텝 앞을 내다본 예측이 수백 스텝 안에 파형 위로 자리 잡습니다. →는 시간 스텝을 하나씩 넘깁니다.</translation>
    </message>
    <message>
        <source>rnn vs lstm memory</source>
        <translation>RNN과 LSTM의 기억력</translation>
    </message>
    <message>
        <source>Remember the first of 45 symbols: a plain RNN fails where an LSTM succeeds — the gradient through time shows why.</source>
        <translation>기호 45개 중 첫 기호를 기억하기: 기본 RNN은 실패하고 LSTM은 성공합니다 — 시간을 거스르는 기울기가 그 이유를 보여 줍니다.</translation>
    </message>
    <message>
        <source>A plain RNN and an LSTM train on the same data at once (bottom right): compare how much of ∂L/∂h reaches the first step. Then press “time step ▶” to follow the LSTM back through time.</source>
        <translation>기본 RNN과 LSTM이 같은 데이터로 동시에 훈련합니다(오른쪽 아래): ∂L/∂h가 첫 스텝까지 얼마나 닿는지 비교해 보세요. 그다음 “시간 스텝 ▶”을 눌러 LSTM을 따라 시간을 거슬러 가 보세요.</translation>
    </message>
    <message>
        <source>softmax regression</source>
        <translation>소프트맥스 회귀</translation>
    </message>
    <message>
        <source>Softmax regression on three classes: three linear scores, softmax, cross-entropy.</source>
        <translation>세 클래스의 소프트맥스 회귀: 선형 점수 세 개, 소프트맥스, 교차 엔트로피.</translation>
    </message>
    <message>
        <source>Press ▶ Play: three straight boundaries meet to split the plane into the three classes.</source>
        <translation>▶ 재생을 누르세요: 세 직선 경계가 만나 평면을 세 클래스로 나눕니다.</translation>
    </message>
    <message>
        <source>transfer learning</source>
        <translation>전이 학습</translation>
    </message>
    <message>
        <source>Conv filters learnt on bars and diagonals, frozen, let a new head learn all six shapes sooner than from scratch.</source>
        <translation>막대와 대각선으로 학습한 합성곱 필터를 고정해 두면, 새 출력부가 처음부터 학습할 때보다 여섯 도형을 더 빨리 배웁니다.</translation>
    </message>
    <message>
        <source>The conv layer is frozen (&quot;trainable&quot;: false): its gradients are shown but never applied. The comparison pretrains it on bars and diagonals, trains a new head on all six shapes, and races the same net trained from scratch.</source>
        <translation>합성곱 계층이 고정되어 있습니다 (&quot;trainable&quot;: false): 기울기는 보이지만 적용하지 않습니다. 비교 실험은 막대와 대각선으로 사전 학습한 뒤 여섯 도형 모두로 새 출력부를 학습하고, 처음부터 학습한 같은 신경망과 경주시킵니다.</translation>
    </message>
    <message>
        <source>vanishing gradients</source>
        <translation>기울기 소실</translation>
    </message>
    <message>
        <source>Nine sigmoid layers: the first layers barely learn because σ′ ≤ 0.25 shrinks δ at every layer.</source>
        <translation>시그모이드 층 아홉 개: 층마다 σ′ ≤ 0.25가 δ를 줄여서 앞쪽 층이 거의 학습하지 못합니다.</translation>
    </message>
    <message>
        <source>Press ▶ Play and watch ‖∂L/∂W‖ of the first layers stay orders of magnitude below the last; or press “Run vanishing-gradient demo”.</source>
        <translation>▶ 재생을 누르고 앞쪽 층의 ‖∂L/∂W‖가 마지막 층보다 몇 자릿수 작게 머무는 것을 보세요. 또는 “기울기 소실 데모 실행”을 누르세요.</translation>
    </message>
    <message>
        <source>weight init</source>
        <translation>가중치 초기화</translation>
    </message>
    <message>
        <source>Weight initialisation: std 1 saturates sigmoids, 0.01 collapses them, Xavier/He keep signals alive.</source>
        <translation>가중치 초기화: 표준편차 1은 시그모이드를 포화시키고, 0.01은 한 점으로 몰리게 하며, Xavier/He는 신호를 살려 둡니다.</translation>
    </message>
    <message>
        <source>Pick std 1, then std 0.01, then Xavier in the init box and compare the activation histograms of the five layers.</source>
        <translation>초기화 상자에서 std 1, std 0.01, Xavier를 차례로 골라 다섯 층의 활성화 값 히스토그램을 비교하세요.</translation>
    </message>
    <message>
        <source>xor 2 2 1</source>
        <translation>XOR 2-2-1 신경망</translation>
    </message>
    <message>
        <source>XOR solved by a 2-2-1 sigmoid network: the hidden layer bends the input space.</source>
        <translation>2-2-1 시그모이드 신경망으로 푸는 XOR: 은닉층이 입력 공간을 구부립니다.</translation>
    </message>
    <message>
        <source>Press → (Event) again and again to walk through one training step: forward, loss, backward, update.</source>
        <translation>→ (이벤트)를 계속 눌러 학습 스텝 하나를 따라가세요: 순전파, 손실, 역전파, 갱신.</translation>
    </message>
    <message>
        <source>circle</source>
        <translation>원</translation>
    </message>
    <message>
        <source>Circle: one class inside, the other on a ring around it (TF Playground).</source>
        <translation>원: 한 클래스는 안쪽, 다른 클래스는 그 둘레의 고리 (TF Playground).</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>XOR</translation>
    </message>
    <message>
        <source>XOR: the class is the sign of x·y — not linearly separable (TF Playground).</source>
        <translation>XOR: 클래스가 x·y의 부호 — 선형으로 가를 수 없습니다 (TF Playground).</translation>
    </message>
    <message>
        <source>gauss</source>
        <translation>가우스</translation>
    </message>
    <message>
        <source>Two Gaussian clusters — linearly separable (TF Playground).</source>
        <translation>가우스 무리 두 개 — 선형으로 가를 수 있습니다 (TF Playground).</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>나선</translation>
    </message>
    <message>
        <source>Two interleaved spirals — the hard one (TF Playground).</source>
        <translation>서로 얽힌 나선 두 개 — 어려운 문제 (TF Playground).</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>반달</translation>
    </message>
    <message>
        <source>Two interleaving half moons (scikit-learn&apos;s shape).</source>
        <translation>서로 맞물린 반달 두 개 (scikit-learn의 모양).</translation>
    </message>
    <message>
        <source>spiral3</source>
        <translation>나선 3클래스</translation>
    </message>
    <message>
        <source>Three-class spiral (CS231n) — for softmax classification.</source>
        <translation>세 클래스 나선 (CS231n) — 소프트맥스 분류용.</translation>
    </message>
    <message>
        <source>regression plane</source>
        <translation>회귀: 평면</translation>
    </message>
    <message>
        <source>Regression: a tilted plane t = 0.6·(x + y) (TF Playground).</source>
        <translation>회귀: 기울어진 평면 t = 0.6·(x + y) (TF Playground).</translation>
    </message>
    <message>
        <source>regression gauss</source>
        <translation>회귀: 가우스</translation>
    </message>
    <message>
        <source>Regression: six bumps of alternating sign (TF Playground).</source>
        <translation>회귀: 부호가 번갈아 바뀌는 혹 여섯 개 (TF Playground).</translation>
    </message>
    <message>
        <source>linear 1d</source>
        <translation>1차원 선형</translation>
    </message>
    <message>
        <source>1-D linear regression: t = w·x + b + noise.</source>
        <translation>1차원 선형 회귀: t = w·x + b + 잡음.</translation>
    </message>
    <message>
        <source>truth table</source>
        <translation>진리표</translation>
    </message>
    <message>
        <source>A logic gate&apos;s truth table: and, or, xor, nand.</source>
        <translation>논리 게이트의 진리표: and, or, xor, nand.</translation>
    </message>
    <message>
        <source>shapes</source>
        <translation>도형</translation>
    </message>
    <message>
        <source>16×16 images of bars, diagonals, rings, crosses and squares — for conv nets.</source>
        <translation>막대, 대각선, 고리, 십자, 사각형의 16×16 이미지 — 합성곱 신경망용.</translation>
    </message>
    <message>
        <source>hihello</source>
        <translation>hihello 문자열</translation>
    </message>
    <message>
        <source>The course&apos;s character task: learn “ihello” from “hihell” (next character).</source>
        <translation>강의의 문자 과제: “hihell”에서 “ihello”를 학습합니다 (다음 문자 예측).</translation>
    </message>
    <message>
        <source>sine</source>
        <translation>사인파</translation>
    </message>
    <message>
        <source>A noisy sine wave: predict the next value at every step.</source>
        <translation>잡음 섞인 사인파: 스텝마다 다음 값을 예측합니다.</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>장기 기억</translation>
    </message>
    <message>
        <source>Remember the first symbol through the distractors after it: a plain RNN forgets, an LSTM keeps it.</source>
        <translation>뒤따르는 방해 기호들을 지나 첫 기호를 기억하기: 기본 RNN은 잊고, LSTM은 기억합니다.</translation>
    </message>
    <message>
        <source>text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Next-character prediction on a text.</source>
        <translation>텍스트에서 다음 문자 예측.</translation>
    </message>
    <message>
        <source>text file</source>
        <translation>텍스트 파일</translation>
    </message>
    <message>
        <source>Next-character prediction on your own UTF-8 text file (up to 100 kB).</source>
        <translation>직접 고른 UTF-8 텍스트 파일(100 kB까지)에서 다음 문자 예측.</translation>
    </message>
    <message>
        <source>Plain gradient descent: p ← p − lr·g.</source>
        <translation>기본 경사 하강법: p ← p − lr·g.</translation>
    </message>
    <message>
        <source>SGD with momentum 0.9: a running sum of gradients carries the point through ravines.</source>
        <translation>모멘텀 0.9인 SGD: 기울기의 누적 합이 점을 골짜기 너머로 실어 나릅니다.</translation>
    </message>
    <message>
        <source>Nesterov momentum: like momentum, but corrects with the gradient after the look-ahead.</source>
        <translation>네스테로프 모멘텀: 모멘텀과 같지만 미리 내다본 뒤의 기울기로 바로잡습니다.</translation>
    </message>
    <message>
        <source>AdaGrad: divides each coordinate&apos;s step by the root of its summed squared gradients.</source>
        <translation>AdaGrad: 좌표마다 걸음을 기울기 제곱 합의 제곱근으로 나눕니다.</translation>
    </message>
    <message>
        <source>RMSprop: like AdaGrad with a decaying average, so steps do not shrink forever.</source>
        <translation>RMSprop: AdaGrad에 감쇠 평균을 써서 걸음이 끝없이 줄지 않습니다.</translation>
    </message>
    <message>
        <source>Adam: momentum plus RMSprop scaling, with bias correction for the first steps.</source>
        <translation>Adam: 모멘텀에 RMSprop 스케일링을 더하고, 처음 걸음들의 편향을 보정합니다.</translation>
    </message>
    <message>
        <source>AdamW: Adam with weight decay applied directly to the weights, not through the gradient.</source>
        <translation>AdamW: 가중치 감소를 기울기가 아니라 가중치에 직접 적용하는 Adam.</translation>
    </message>
    <message>
        <source>Adadelta: step sizes from running averages of both squared gradients and squared steps.</source>
        <translation>Adadelta: 기울기 제곱과 걸음 제곱의 이동 평균으로 걸음 크기를 정합니다.</translation>
    </message>
    <message>
        <source>The same learning rate at every step.</source>
        <translation>모든 스텝에서 같은 학습률.</translation>
    </message>
    <message>
        <source>Multiply the learning rate by γ every step_size steps (torch&apos;s StepLR).</source>
        <translation>step_size 스텝마다 학습률에 γ를 곱합니다 (torch의 StepLR).</translation>
    </message>
    <message>
        <source>Multiply the learning rate by γ at every step (torch&apos;s ExponentialLR).</source>
        <translation>스텝마다 학습률에 γ를 곱합니다 (torch의 ExponentialLR).</translation>
    </message>
    <message>
        <source>Half a cosine from the learning rate down to η_min over T_max steps (torch&apos;s CosineAnnealingLR).</source>
        <translation>T_max 스텝에 걸쳐 학습률에서 η_min까지 코사인 반 주기를 따라 내려갑니다 (torch의 CosineAnnealingLR).</translation>
    </message>
    <message>
        <source>Grow (or shrink) the learning rate linearly from start_factor·lr to end_factor·lr over total_iters steps (torch&apos;s LinearLR).</source>
        <translation>total_iters 스텝에 걸쳐 학습률을 start_factor·lr에서 end_factor·lr까지 선형으로 키웁니다(또는 줄입니다) (torch의 LinearLR).</translation>
    </message>
    <message>
        <source>Multiply the learning rate by factor when the epoch&apos;s training loss has not improved for patience epochs (torch&apos;s ReduceLROnPlateau).</source>
        <translation>에폭의 훈련 손실이 patience 에폭 동안 나아지지 않으면 학습률에 factor를 곱합니다 (torch의 ReduceLROnPlateau).</translation>
    </message>
    <message>
        <source>binary cross-entropy</source>
        <translation>이진 교차 엔트로피</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>교차 엔트로피</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>평균 제곱 오차</translation>
    </message>
    <message>
        <source>textbook</source>
        <translation>교재</translation>
    </message>
    <message>
        <source>The book&apos;s elongated bowl: steep in y, flat in x — SGD zig-zags.</source>
        <translation>교재의 길쭉한 그릇: y로는 가파르고 x로는 평평합니다 — SGD가 지그재그로 갑니다.</translation>
    </message>
    <message>
        <source>bowl</source>
        <translation>그릇</translation>
    </message>
    <message>
        <source>rosenbrock</source>
        <translation>Rosenbrock</translation>
    </message>
    <message>
        <source>A curved valley: easy to reach, slow to follow to (1, 1).</source>
        <translation>휘어진 골짜기: 닿기는 쉽지만 (1, 1)까지 따라가기는 느립니다.</translation>
    </message>
    <message>
        <source>beale</source>
        <translation>Beale</translation>
    </message>
    <message>
        <source>himmelblau</source>
        <translation>Himmelblau</translation>
    </message>
    <message>
        <source>Four equal minima: where you start decides where you end.</source>
        <translation>똑같은 최솟값 네 개: 어디서 시작하느냐가 어디서 끝나는지를 정합니다.</translation>
    </message>
    <message>
        <source>saddle</source>
        <translation>안장</translation>
    </message>
    <message>
        <source>A saddle at (0, 0): no minimum; a start on y = 0 gets stuck there.</source>
        <translation>(0, 0)의 안장점: 최솟값이 없고, y = 0에서 출발하면 거기에 갇힙니다.</translation>
    </message>
    <message>
        <source>booth</source>
        <translation>Booth</translation>
    </message>
    <message>
        <source>rastrigin</source>
        <translation>Rastrigin</translation>
    </message>
    <message>
        <source>A grid of local minima around the global one at (0, 0).</source>
        <translation>(0, 0)의 전역 최솟값 둘레에 격자처럼 늘어선 지역 최솟값.</translation>
    </message>
    <message>
        <source>local minima</source>
        <translation>지역 최솟값</translation>
    </message>
    <message>
        <source>A shallow local minimum near (0.91, 0) and the global one near (−0.97, 0).</source>
        <translation>(0.91, 0) 근처의 얕은 지역 최솟값과 (−0.97, 0) 근처의 전역 최솟값.</translation>
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <source>discretize output</source>
        <translation>출력 이산화</translation>
    </message>
    <message>
        <source>Show only the decision (P ≥ 0.5, or the sign for regression) instead of the graded output.</source>
        <translation>연속적인 출력 대신 결정만 보입니다 (P ≥ 0.5, 회귀는 부호).</translation>
    </message>
    <message>
        <source>show test data</source>
        <translation>시험 데이터 보기</translation>
    </message>
    <message>
        <source>Also draw the held-out test points (diamonds), which the network never trains on.</source>
        <translation>신경망이 훈련에 쓰지 않는 시험 데이터(마름모)도 그립니다.</translation>
    </message>
    <message>
        <source>Click adds · Shift: class 2 · right-click erases · drag moves</source>
        <translation>클릭: 추가 · Shift: 클래스 2 · 오른쪽 클릭: 지우기 · 끌기: 옮기기</translation>
    </message>
    <message>
        <source>Click a ringed point to trace that sample.</source>
        <translation>고리 친 점을 클릭하면 그 샘플을 추적합니다.</translation>
    </message>
    <message>
        <source>Click a digit in the batch strip to trace it.</source>
        <translation>배치 띠에서 숫자를 클릭하면 추적합니다.</translation>
    </message>
    <message>
        <source>The Sequence tab steps through a sequence in time.</source>
        <translation>시퀀스 탭에서 시퀀스를 시간 순서대로 따라갈 수 있습니다.</translation>
    </message>
    <message>
        <source>output over the input plane</source>
        <translation>입력 평면 위의 출력</translation>
    </message>
    <message>
        <source>A sample of the traced batch: click to trace it.</source>
        <translation>추적한 배치의 샘플: 클릭하면 추적합니다.</translation>
    </message>
    <message>
        <source>output y</source>
        <translation>출력 y</translation>
    </message>
    <message>
        <source>P(class 1)</source>
        <translation>P(클래스 1)</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>클래스 {k}</translation>
    </message>
    <message>
        <source>train</source>
        <translation>훈련</translation>
    </message>
    <message>
        <source>test</source>
        <translation>시험</translation>
    </message>
    <message>
        <source>traced batch</source>
        <translation>추적한 배치</translation>
    </message>
    <message>
        <source>traced sample</source>
        <translation>추적한 샘플</translation>
    </message>
    <message>
        <source>traced input</source>
        <translation>추적한 입력</translation>
    </message>
    <message>
        <source>output y = {act}(z)</source>
        <translation>출력 y = {act}(z)</translation>
    </message>
    <message>
        <source>class</source>
        <translation>클래스</translation>
    </message>
    <message>
        <source>the traced batch</source>
        <translation>추적한 배치</translation>
    </message>
    <message>
        <source>x₁ (the first of {n} inputs)</source>
        <translation>x₁ (입력 {n}개 중 첫째)</translation>
    </message>
    <message>
        <source>targets t and the network&apos;s prediction y</source>
        <translation>정답 t와 신경망의 예측 y</translation>
    </message>
    <message>
        <source>train targets t</source>
        <translation>훈련 정답 t</translation>
    </message>
    <message>
        <source>test targets t</source>
        <translation>시험 정답 t</translation>
    </message>
    <message>
        <source>prediction y</source>
        <translation>예측 y</translation>
    </message>
    <message>
        <source>one input sequence: {t} time steps × {d} features</source>
        <translation>입력 시퀀스 하나: 시간 스텝 {t}개 × 특성 {d}개</translation>
    </message>
    <message>
        <source>time step t</source>
        <translation>시간 스텝 t</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>특성</translation>
    </message>
    <message>
        <source>traced sample {s}</source>
        <translation>추적한 샘플 {s}</translation>
    </message>
    <message>
        <source>first training sequence</source>
        <translation>첫 훈련 시퀀스</translation>
    </message>
    <message>
        <source>step &lt;b&gt;{n}&lt;/b&gt;</source>
        <translation>스텝 &lt;b&gt;{n}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>test loss &lt;b&gt;{v}&lt;/b&gt;</source>
        <translation>시험 손실 &lt;b&gt;{v}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>train loss &lt;b&gt;{v}&lt;/b&gt;</source>
        <translation>훈련 손실 &lt;b&gt;{v}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>test acc &lt;b&gt;{v} %&lt;/b&gt;</source>
        <translation>시험 정확도 &lt;b&gt;{v} %&lt;/b&gt;</translation>
    </message>
    <message>
        <source>train acc &lt;b&gt;{v} %&lt;/b&gt;</source>
        <translation>훈련 정확도 &lt;b&gt;{v} %&lt;/b&gt;</translation>
    </message>
    <message>
        <source>traced sample {s}/{n}</source>
        <translation>추적한 샘플 {s}/{n}</translation>
    </message>
    <message>
        <source>y → class {k}</source>
        <translation>y → 클래스 {k}</translation>
    </message>
    <message>
        <source>Step once (→) to trace a batch: its input image and outputs appear here.</source>
        <translation>한 번 진행(→)해서 배치를 추적하세요: 입력 이미지와 출력이 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>predicted {k}</source>
        <translation>예측 {k}</translation>
    </message>
    <message>
        <source>output not computed yet</source>
        <translation>출력을 아직 계산하지 않음</translation>
    </message>
    <message>
        <source>label {k}</source>
        <translation>정답 {k}</translation>
    </message>
    <message>
        <source>bars:</source>
        <translation>막대:</translation>
    </message>
    <message>
        <source>true label</source>
        <translation>정답</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>예측</translation>
    </message>
    <message>
        <source>both</source>
        <translation>둘 다</translation>
    </message>
    <message>
        <source>H(x) = W·x + b with W = &lt;b&gt;{w}&lt;/b&gt;, b = &lt;b&gt;{b}&lt;/b&gt;</source>
        <translation>H(x) = W·x + b, 가중치 W = &lt;b&gt;{w}&lt;/b&gt;, 편향 b = &lt;b&gt;{b}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>batch loss &lt;b&gt;{v}&lt;/b&gt;</source>
        <translation>배치 손실 &lt;b&gt;{v}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>DistributionsView</name>
    <message>
        <source>What to histogram: the book&apos;s experiment, or this network&apos;s weights or gradients.</source>
        <translation>히스토그램으로 볼 것: 교재의 실험, 또는 이 신경망의 가중치나 기울기.</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>The activation of all 5 layers.</source>
        <translation>5개 층 모두의 활성화 함수.</translation>
    </message>
    <message>
        <source>init</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>The standard deviation of the weights: 1, 0.01, Xavier √(1/n) or He √(2/n), with n = 100 inputs per unit.</source>
        <translation>가중치의 표준편차: 1, 0.01, Xavier √(1/n), He √(2/n). 뉴런마다 입력 n = 100개.</translation>
    </message>
    <message>
        <source>1000 inputs x ~ N(0, 1) through 5 layers of 100 {act} units, weights {init}; a = f(x·W) in {bins} bins over [{low}, {high}]{clipped}.  {lesson}</source>
        <translation>입력 x ~ N(0, 1) 1000개가 {act} 뉴런 100개짜리 층 5개를 지남, 가중치 {init}. a = f(x·W)를 [{low}, {high}]에서 구간 {bins}개로 나눔{clipped}.  {lesson}</translation>
    </message>
    <message>
        <source>The weights of each layer as drawn now, each over its own range ±max |w| (orange &lt; 0 &lt; blue).</source>
        <translation>지금 그려진 각 층의 가중치. 층마다 자기 범위 ±max |w| (주황 &lt; 0 &lt; 파랑).</translation>
    </message>
    <message>
        <source>The gradients ∂L/∂w of step {n}, each layer over its own range ±max |∂L/∂w| (their sizes can differ by orders of magnitude: see the Gradients tab).</source>
        <translation>스텝 {n}의 기울기 ∂L/∂w. 층마다 자기 범위 ±max |∂L/∂w| (크기가 몇 자릿수씩 다를 수 있습니다: 기울기 탭을 보세요).</translation>
    </message>
    <message>
        <source>No gradients yet: take a training step (Shift+→) or press Play.</source>
        <translation>아직 기울기가 없습니다: 학습 스텝을 진행(Shift+→)하거나 재생을 누르세요.</translation>
    </message>
    <message>
        <source>layer {layer}: {n} not finite (NaN or ±∞), left out</source>
        <translation>층 {layer}: 유한하지 않은 값 {n}개(NaN 또는 ±∞)는 뺌</translation>
    </message>
    <message>
        <source>layer {layer}: {n} beyond ±{limit:g}, counted in the end bars</source>
        <translation>층 {layer}: ±{limit:g}를 넘는 값 {n}개는 양 끝 막대에 셈</translation>
    </message>
    <message>
        <source>layer {n}</source>
        <translation>층 {n}</translation>
    </message>
    <message>
        <source>count</source>
        <translation>개수</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export view</source>
        <translation>뷰 내보내기</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 이미지</translation>
    </message>
    <message>
        <source>SVG vector drawing</source>
        <translation>SVG 벡터 그림</translation>
    </message>
    <message>
        <source>CSV data</source>
        <translation>CSV 데이터</translation>
    </message>
    <message>
        <source>PNG for slides, SVG to scale without blur, CSV for the numbers behind the plot.</source>
        <translation>PNG는 슬라이드용, SVG는 흐려지지 않게 확대용, CSV는 그래프 뒤의 숫자용.</translation>
    </message>
    <message>
        <source>Width of the PNG in pixels; the height keeps the view&apos;s proportions.</source>
        <translation>PNG의 너비(픽셀). 높이는 뷰의 비율을 따릅니다.</translation>
    </message>
    <message>
        <source>transparent background</source>
        <translation>투명 배경</translation>
    </message>
    <message>
        <source>Leave the plot background see-through, for slides with their own colour.</source>
        <translation>배경색이 있는 슬라이드를 위해 그래프 배경을 투명하게 둡니다.</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>너비</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>Link Axis:</source>
        <translation>축 연결:</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>수동</translation>
    </message>
    <message>
        <source>Invert Axis</source>
        <translation>축 뒤집기</translation>
    </message>
    <message>
        <source>Mouse Enabled</source>
        <translation>마우스 사용</translation>
    </message>
    <message>
        <source>Visible Data Only</source>
        <translation>보이는 데이터만</translation>
    </message>
    <message>
        <source>Auto Pan Only</source>
        <translation>자동 이동만</translation>
    </message>
</context>
<context>
    <name>ForwardPanel</name>
    <message>
        <source>layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Which conv layer of the network</source>
        <translation>신경망의 어느 합성곱 계층인지</translation>
    </message>
    <message>
        <source>filter</source>
        <translation>필터</translation>
    </message>
    <message>
        <source>Which filter (output map) is computed</source>
        <translation>어느 필터(출력 맵)를 계산하는지</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Which input channel&apos;s window and kernel are drawn (the sum runs over all)</source>
        <translation>어느 입력 채널의 창과 필터를 그릴지 (합은 모든 채널에 걸칩니다)</translation>
    </message>
    <message>
        <source>, channel {c}</source>
        <translation>, 채널 {c}</translation>
    </message>
    <message>
        <source>input x{channel} (padded by {p})</source>
        <translation>입력 x{channel} (패딩 {p})</translation>
    </message>
    <message>
        <source>input x{channel}</source>
        <translation>입력 x{channel}</translation>
    </message>
    <message>
        <source>z, filter {f}</source>
        <translation>z, 필터 {f}</translation>
    </message>
    <message>
        <source>a = {act}(z)</source>
        <translation>활성화 a = {act}(z)</translation>
    </message>
    <message>
        <source>window x[{r}:{r2}, {c0}:{c2}]</source>
        <translation>창 x[{r}:{r2}, {c0}:{c2}]</translation>
    </message>
    <message>
        <source>kernel W[{f}, {c}]</source>
        <translation>필터 W[{f}, {c}]</translation>
    </message>
    <message>
        <source>products x·w</source>
        <translation>곱 x·w</translation>
    </message>
    <message>
        <source>cell ({r}, {c}) of {oh}×{ow}, filter {f} of {n}</source>
        <translation>{oh}×{ow}의 칸 ({r}, {c}), 필터 {f}/{n}</translation>
    </message>
    <message>
        <source>This layer has batch norm: the written sum is the convolution&apos;s output before batch norm; z and a are after it.</source>
        <translation>이 층에는 배치 정규화가 있습니다: 적힌 합은 배치 정규화 전 합성곱의 출력이고, z와 a는 그 뒤의 값입니다.</translation>
    </message>
    <message>
        <source>Weights: those the step started from (step {n}); sample {s} of the batch.</source>
        <translation>가중치: 이 스텝이 시작할 때의 값 (스텝 {n}). 배치의 샘플 {s}.</translation>
    </message>
    <message>
        <source>channel {c}: {terms} = {sum}</source>
        <translation>채널 {c}: {terms} = {sum}</translation>
    </message>
    <message>
        <source>z{where} = sum over the {n} channels + b = {sums} + {b} = {z}</source>
        <translation>z{where} = 채널 {n}개의 합 + b = {sums} + {b} = {z}</translation>
    </message>
    <message>
        <source>the layer computed z = {z}</source>
        <translation>층이 계산한 값 z = {z}</translation>
    </message>
</context>
<context>
    <name>GradientsView</name>
    <message>
        <source>history of</source>
        <translation>기록:</translation>
    </message>
    <message>
        <source>‖∂L/∂W‖: the size of each layer&apos;s weight gradient. mean |δ|: the average size of δ = ∂L/∂z, the error signal backprop hands to the layer.</source>
        <translation>‖∂L/∂W‖: 각 층의 가중치 기울기의 크기. 평균 |δ|: 역전파가 그 층에 넘기는 오차 신호 δ = ∂L/∂z의 평균 크기.</translation>
    </message>
    <message>
        <source>◀ This network</source>
        <translation>◀ 이 신경망</translation>
    </message>
    <message>
        <source>Back to the gradients of the network being trained.</source>
        <translation>훈련 중인 신경망의 기울기로 돌아갑니다.</translation>
    </message>
    <message>
        <source>Run vanishing-gradient demo</source>
        <translation>기울기 소실 데모 실행</translation>
    </message>
    <message>
        <source>Train 9 sigmoid layers and 9 ReLU layers (He init) side by side for {n} steps on the same data and batches, and compare their gradients layer by layer.</source>
        <translation>시그모이드 9층과 ReLU 9층(He 초기화)을 같은 데이터와 배치로 {n}스텝 나란히 학습시켜 층별 기울기를 비교합니다.</translation>
    </message>
    <message>
        <source>gradient size, this step</source>
        <translation>기울기 크기, 이번 스텝</translation>
    </message>
    <message>
        <source>units dead on the whole batch</source>
        <translation>배치 전체에서 죽은 뉴런</translation>
    </message>
    <message>
        <source>dead fraction</source>
        <translation>죽은 비율</translation>
    </message>
    <message>
        <source>A unit is dead on a batch when its activation a is 0 for every sample, so it passes no gradient back (ReLU with z &lt; 0 everywhere).</source>
        <translation>모든 샘플에서 활성화 값 a가 0이면 그 배치에서 죽은 뉴런입니다. 기울기를 전혀 되돌려 보내지 못합니다(모든 곳에서 z &lt; 0인 ReLU).</translation>
    </message>
    <message>
        <source>Layers with more than {share} dead units are flagged.</source>
        <translation>죽은 뉴런이 {share}를 넘는 층을 표시합니다.</translation>
    </message>
    <message>
        <source>sigmoid, Xavier init</source>
        <translation>시그모이드, Xavier 초기화</translation>
    </message>
    <message>
        <source>ReLU, He init</source>
        <translation>ReLU, He 초기화</translation>
    </message>
    <message>
        <source>{name}: last step</source>
        <translation>{name}: 마지막 스텝</translation>
    </message>
    <message>
        <source>{symbol} per layer during training</source>
        <translation>훈련 중 층별 {symbol}</translation>
    </message>
    <message>
        <source>traced step {n}</source>
        <translation>추적한 스텝 {n}</translation>
    </message>
    <message>
        <source>step {n}</source>
        <translation>스텝 {n}</translation>
    </message>
    <message>
        <source>No gradients yet: take a training step (Shift+→) or press Play.</source>
        <translation>아직 기울기가 없습니다: 학습 스텝을 진행(Shift+→)하거나 재생을 누르세요.</translation>
    </message>
    <message>
        <source>{where}: the backward pass has not reached a layer yet.</source>
        <translation>{where}: 역전파가 아직 어느 층에도 닿지 않았습니다.</translation>
    </message>
    <message numerus="yes">
        <source> (backward pass: %n layer(s) to go)</source>
        <translation>
            <numerusform> (역전파: 층 %n개 남음)</numerusform>
        </translation>
    </message>
    <message>
        <source>{where} · ‖∂L/∂W‖ by layer: {listed}</source>
        <translation>{where} · 층별 ‖∂L/∂W‖: {listed}</translation>
    </message>
    <message>
        <source>Vanishing gradients: 9 sigmoid layers beside 9 ReLU layers …</source>
        <translation>기울기 소실: 시그모이드 9층과 ReLU 9층 비교 …</translation>
    </message>
    <message>
        <source>&lt;b&gt;Vanishing gradients&lt;/b&gt;: 9 sigmoid or 9 ReLU layers, same data, seed and batches, SGD · step {done} / {total}&lt;br&gt;‖∂L/∂W‖ of the last layer ÷ the first (median): &lt;span style=&apos;color:#c62828&apos;&gt;&lt;b&gt;sigmoid {sigmoid}&lt;/b&gt;&lt;/span&gt;, &lt;b&gt;ReLU + He {relu}&lt;/b&gt; — each sigmoid layer multiplies the gradient by σ′(z) ≤ 0.25.</source>
        <translation>&lt;b&gt;기울기 소실&lt;/b&gt;: 시그모이드 9층 또는 ReLU 9층, 같은 데이터·시드·배치, SGD · 스텝 {done} / {total}&lt;br&gt;마지막 층 ÷ 첫 층의 ‖∂L/∂W‖ (중앙값): &lt;span style=&apos;color:#c62828&apos;&gt;&lt;b&gt;시그모이드 {sigmoid}&lt;/b&gt;&lt;/span&gt;, &lt;b&gt;ReLU + He {relu}&lt;/b&gt; — 시그모이드 층마다 기울기에 σ′(z) ≤ 0.25를 곱합니다.</translation>
    </message>
</context>
<context>
    <name>GraphicsScene</name>
    <message>
        <source>Export...</source>
        <translation>내보내기...</translation>
    </message>
</context>
<context>
    <name>GridWidget</name>
    <message>
        <source>{title} — {rows}×{cols}; colours saturate at ±{scale}</source>
        <translation>{title} — {rows}×{cols}, 색은 ±{scale}에서 포화</translation>
    </message>
    <message>
        <source>map</source>
        <translation>맵</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Traced sample</source>
        <translation>추적한 샘플</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>샘플</translation>
    </message>
    <message>
        <source>sample </source>
        <translation>샘플 </translation>
    </message>
    <message>
        <source>Which sample of the mini-batch the node graph and this panel show.</source>
        <translation>노드 그래프와 이 패널이 보여 줄 미니배치의 샘플.</translation>
    </message>
    <message>
        <source>Edit by hand</source>
        <translation>직접 고치기</translation>
    </message>
    <message>
        <source>a number, e.g. 0.5</source>
        <translation>수, 예: 0.5</translation>
    </message>
    <message>
        <source>Type a new value and press Enter or Apply: the batch is traced again with it, so you see the new output and loss at once.</source>
        <translation>새 값을 입력하고 Enter나 적용을 누르세요: 그 값으로 배치를 다시 추적하므로 새 출력과 손실을 바로 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <source>Any weight of this layer</source>
        <translation>이 층의 아무 가중치</translation>
    </message>
    <message>
        <source>The sending unit i (a unit of the layer before).</source>
        <translation>보내는 뉴런 i (앞 층의 뉴런).</translation>
    </message>
    <message>
        <source>The receiving unit j (a unit of this layer).</source>
        <translation>받는 뉴런 j (이 층의 뉴런).</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Show the weight W[i, j] here, also where the graph draws the layer as a bundle.</source>
        <translation>가중치 W[i, j]를 여기에 보입니다. 그래프가 층을 다발로 그릴 때도 볼 수 있습니다.</translation>
    </message>
    <message>
        <source> of {n}</source>
        <translation> / {n}개</translation>
    </message>
    <message>
        <source>No step traced yet — press → (Event) to trace one.</source>
        <translation>아직 추적한 스텝이 없습니다 — → (이벤트)를 눌러 추적하세요.</translation>
    </message>
    <message>
        <source>{shape} image</source>
        <translation>{shape} 이미지</translation>
    </message>
    <message>
        <source>{n} inputs</source>
        <translation>입력 {n}개</translation>
    </message>
    <message>
        <source>target: class {k}  (one-hot)</source>
        <translation>정답: 클래스 {k}  (원핫 인코딩)</translation>
    </message>
    <message>
        <source>target t = {t}</source>
        <translation>정답 t = {t}</translation>
    </message>
    <message>
        <source>  (training example #{i})</source>
        <translation>  (훈련 데이터 #{i})</translation>
    </message>
    <message numerus="yes">
        <source>sequence of {t} time steps × %n feature(s)</source>
        <translation>
            <numerusform>시간 스텝 {t}개 × 특성 %n개의 시퀀스</numerusform>
        </translation>
    </message>
    <message>
        <source>reads “{x}”, should predict “{t}”</source>
        <translation>“{x}”를 읽고 “{t}”를 예측해야 합니다</translation>
    </message>
    <message>
        <source>numerical</source>
        <translation>수치 미분</translation>
    </message>
    <message>
        <source>(L(p + h) − L(p − h)) / 2h, refined with 2h; ±{u} (h = {h})</source>
        <translation>(L(p + h) − L(p − h)) / 2h, 2h로 다듬음; ±{u} (h = {h})</translation>
    </message>
    <message>
        <source>central differences in training mode with this step&apos;s dropout masks and batch: four more evaluations of the loss with this one parameter nudged</source>
        <translation>이번 스텝의 드롭아웃 마스크와 배치로 훈련 모드에서 계산한 중앙 차분: 이 매개변수 하나만 살짝 바꿔 손실을 네 번 더 계산</translation>
    </message>
    <message>
        <source>rel. error</source>
        <translation>상대 오차</translation>
    </message>
    <message>
        <source>|analytic − numerical| / max(|analytic|, |numerical|)</source>
        <translation>|역전파 − 수치 미분| / max(|역전파|, |수치 미분|)</translation>
    </message>
    <message>
        <source>L2/L1 is on: ∂L/∂w = Σ δ·a + l2·w + l1·sign(w) — the penalty&apos;s gradient is added to the data term (biases are not penalized).</source>
        <translation>L2/L1이 켜져 있습니다: ∂L/∂w = Σ δ·a + l2·w + l1·sign(w) — 벌점의 기울기를 데이터 항에 더합니다(편향에는 벌점 없음).</translation>
    </message>
    <message>
        <source>backprop</source>
        <translation>역전파</translation>
    </message>
    <message>
        <source>∂L/∂{name} as this backward pass computes it (with the bug, if one is planted)</source>
        <translation>이 역전파가 계산한 ∂L/∂{name} (버그를 심었다면 버그와 함께)</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>올바른 값</translation>
    </message>
    <message>
        <source>what the correct backward pass computes</source>
        <translation>올바른 역전파가 계산하는 값</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>확인 안 함</translation>
    </message>
    <message>
        <source>the check compared a sample of this parameter&apos;s numbers</source>
        <translation>확인은 이 매개변수 값 중 일부만 비교했습니다</translation>
    </message>
    <message>
        <source>✗ wrong in this backward pass: the right value is {value} (sample {s}, unit {j})</source>
        <translation>✗ 이 역전파에서 틀림: 맞는 값은 {value} (샘플 {s}, 뉴런 {j})</translation>
    </message>
    <message>
        <source>chain-rule factor for sample {s}, unit {j}</source>
        <translation>샘플 {s}, 뉴런 {j}의 연쇄 법칙 인수</translation>
    </message>
    <message>
        <source>the other factor of ∂L/∂w = Σ x·δ: never wrong</source>
        <translation>∂L/∂w = Σ x·δ의 다른 인수: 틀릴 일 없음</translation>
    </message>
    <message>
        <source>&lt;b&gt;Exercise&lt;/b&gt;: the check&apos;s verdicts only — which layer&apos;s backward pass is wrong?</source>
        <translation>&lt;b&gt;연습 문제&lt;/b&gt;: 확인 결과만 보입니다 — 어느 층의 역전파가 틀렸을까요?</translation>
    </message>
    <message>
        <source>&lt;b&gt;Debugger&lt;/b&gt;: ∂L/∂w = Σ over the batch of x·δ, δ = ∂L/∂a · act′(z). A factor in red is where this backward pass goes wrong.</source>
        <translation>&lt;b&gt;디버거&lt;/b&gt;: ∂L/∂w = 배치에 대한 x·δ의 합, δ = ∂L/∂a · act′(z). 빨간 인수가 이 역전파가 틀리는 곳입니다.</translation>
    </message>
    <message>
        <source>agree</source>
        <translation>일치</translation>
    </message>
    <message>
        <source>inconclusive</source>
        <translation>판단 불가</translation>
    </message>
    <message>
        <source>they differ</source>
        <translation>불일치</translation>
    </message>
    <message>
        <source>Select an edge, a bias or a neuron first.</source>
        <translation>먼저 연결선, 편향, 뉴런 중 하나를 고르세요.</translation>
    </message>
    <message>
        <source>“{text}” is not a number — try e.g. 0.5 or -1.2e-3.</source>
        <translation>“{text}”는 수가 아닙니다 — 예: 0.5 또는 -1.2e-3.</translation>
    </message>
    <message>
        <source> The output for this sample is now y = {y}.</source>
        <translation> 이제 이 샘플의 출력은 y = {y}입니다.</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>Directions</source>
        <translation>방향</translation>
    </message>
    <message>
        <source>random: two Gaussian directions, each neuron&apos;s part scaled to the norm of its weights (filter normalisation, Li et al. 2018); biases not moved. Random directions are nearly orthogonal to the path, so it looks short on this plane.
PCA: the two directions along which the recorded training path varies most, through its last point.</source>
        <translation>무작위: 가우스 방향 두 개. 뉴런마다 그 부분을 가중치의 노름에 맞춤(필터 정규화, Li et al. 2018). 편향은 움직이지 않음. 무작위 방향은 경로와 거의 직교하므로 이 평면에서는 경로가 짧아 보입니다.
PCA: 기록한 학습 경로가 가장 크게 변하는 두 방향, 경로의 마지막 점을 지남.</translation>
    </message>
    <message>
        <source>span ±</source>
        <translation>범위 ±</translation>
    </message>
    <message>
        <source>Random directions: α and β run from −span to +span (1 = one weight norm).</source>
        <translation>무작위 방향: α와 β가 −범위부터 +범위까지 (1 = 가중치 노름 하나).</translation>
    </message>
    <message>
        <source>Recompute</source>
        <translation>다시 계산</translation>
    </message>
    <message>
        <source>Compute the landscape again around the current weights.</source>
        <translation>현재 가중치 둘레의 손실 지형을 다시 계산합니다.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Stop the computation; the last finished grid stays drawn.</source>
        <translation>계산을 멈춥니다. 마지막으로 끝난 격자는 그대로 그려 둡니다.</translation>
    </message>
    <message>
        <source>auto-refresh every</source>
        <translation>자동 갱신 간격</translation>
    </message>
    <message>
        <source>While training, recompute every N steps, or as soon as the current point leaves the drawn plane.</source>
        <translation>훈련하는 동안 N스텝마다, 또는 현재 점이 그려진 평면을 벗어나면 바로 다시 계산합니다.</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 스텝</translation>
    </message>
    <message>
        <source>log colours</source>
        <translation>로그 색상</translation>
    </message>
    <message>
        <source>Colour by log₁₀ L: keeps the low valley visible next to steep walls.</source>
        <translation>log₁₀ L로 색칠: 가파른 벽 옆의 낮은 골짜기도 보이게 합니다.</translation>
    </message>
    <message>
        <source>loss  L(θ + α·d₁ + β·d₂)</source>
        <translation>손실  L(θ + α·d₁ + β·d₂)</translation>
    </message>
    <message>
        <source>training path</source>
        <translation>학습 경로</translation>
    </message>
    <message>
        <source>start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>now</source>
        <translation>현재</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>PCA of the training trajectory needs a recorded path of at least {n} points: train a few steps first.</source>
        <translation>학습 경로의 PCA에는 기록한 점이 {n}개 이상 필요합니다: 먼저 몇 스텝 훈련하세요.</translation>
    </message>
    <message>
        <source>PCA directions need the recorded training path, which is not recorded for this network (too many parameters): use random directions.</source>
        <translation>PCA 방향에는 기록한 학습 경로가 필요한데, 이 신경망은 매개변수가 너무 많아 기록하지 않습니다: 무작위 방향을 쓰세요.</translation>
    </message>
    <message>
        <source>computing …</source>
        <translation>계산 중 …</translation>
    </message>
    <message>
        <source>cancelling …</source>
        <translation>취소하는 중 …</translation>
    </message>
    <message>
        <source>{size} in {s} s</source>
        <translation>{size}, {s}초</translation>
    </message>
    <message>
        <source>{size}, refining …</source>
        <translation>{size}, 다듬는 중 …</translation>
    </message>
    <message>
        <source>Could not compute the landscape: {reason}</source>
        <translation>손실 지형을 계산할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>cancelled (the last finished grid is shown)</source>
        <translation>취소됨 (마지막으로 끝난 격자를 보여 줌)</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>α  along d₁ (PC 1: {p} % of the path&apos;s variance)</source>
        <translation>α  d₁ 방향 (PC 1: 경로 분산의 {p} %)</translation>
    </message>
    <message>
        <source>β  along d₂ (PC 2: {p} %)</source>
        <translation>β  d₂ 방향 (PC 2: {p} %)</translation>
    </message>
    <message>
        <source>α  along d₁ (random, filter-normalised)</source>
        <translation>α  d₁ 방향 (무작위, 필터 정규화)</translation>
    </message>
    <message>
        <source>β  along d₂ (random, filter-normalised)</source>
        <translation>β  d₂ 방향 (무작위, 필터 정규화)</translation>
    </message>
    <message>
        <source>loss L (log scale)</source>
        <translation>손실 L (로그 눈금)</translation>
    </message>
    <message>
        <source>loss L</source>
        <translation>손실 L</translation>
    </message>
    <message>
        <source>θ, where the plane was made</source>
        <translation>θ, 평면을 만든 곳</translation>
    </message>
    <message>
        <source>θ = weights at step {n}</source>
        <translation>θ = 스텝 {n}의 가중치</translation>
    </message>
    <message>
        <source>explained variance: d₁ {p1} %, d₂ {p2} %</source>
        <translation>설명된 분산: d₁ {p1} %, d₂ {p2} %</translation>
    </message>
    <message numerus="yes">
        <source>%n path point(s)</source>
        <translation>
            <numerusform>경로 점 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>The loss is evaluated on {n} of the {total} training points (a fixed random subsample), to keep the slice fast.</source>
        <translation>단면을 빠르게 계산하려고 훈련 데이터 {total}개 중 {n}개(고정된 무작위 표본)로 손실을 계산합니다.</translation>
    </message>
    <message>
        <source>This network has {n:,} parameters (more than {limit:,}): the training path is not recorded, so neither the path nor PCA directions are shown.</source>
        <translation>이 신경망은 매개변수가 {n:,}개입니다({limit:,}개 초과): 학습 경로를 기록하지 않으므로 경로도 PCA 방향도 보이지 않습니다.</translation>
    </message>
</context>
<context>
    <name>LayerBlock</name>
    <message>
        <source>the {f} filters ({c} channels each, one row per channel)</source>
        <translation>필터 {f}개 (각각 채널 {c}개, 채널마다 한 줄)</translation>
    </message>
    <message>
        <source>the {f} filters</source>
        <translation>필터 {f}개</translation>
    </message>
    <message>
        <source>— the first {m} channels shown</source>
        <translation>— 처음 채널 {m}개만 표시</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Save this view as PNG, SVG or CSV.</source>
        <translation>이 뷰를 PNG, SVG, CSV로 저장합니다.</translation>
    </message>
    <message>
        <source>⚠ A bug is planted in {layer}: {bug}. Backprop and training use the buggy backward pass.</source>
        <translation>⚠ {layer}에 버그가 심어져 있습니다: {bug}. 역전파와 훈련이 버그 있는 역전파를 씁니다.</translation>
    </message>
    <message>
        <source>⏸ Pause</source>
        <translation>⏸ 일시 정지</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 재생</translation>
    </message>
    <message>
        <source>Play or pause training at the chosen speed.</source>
        <translation>고른 속도로 훈련을 재생하거나 멈춥니다.</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 뒤로</translation>
    </message>
    <message>
        <source>Step back exactly one event of the traced step.</source>
        <translation>추적한 스텝에서 정확히 이벤트 하나만큼 뒤로 갑니다.</translation>
    </message>
    <message>
        <source>Event ▶</source>
        <translation>이벤트 ▶</translation>
    </message>
    <message>
        <source>Advance one event: a layer forward, the loss, a layer backward, an update.</source>
        <translation>이벤트 하나만큼 나아갑니다: 한 층의 순전파, 손실, 한 층의 역전파, 갱신.</translation>
    </message>
    <message>
        <source>Step ▶▶</source>
        <translation>스텝 ▶▶</translation>
    </message>
    <message>
        <source>One whole training step: forward, loss, backward and update.</source>
        <translation>학습 스텝 하나 전체: 순전파, 손실, 역전파, 갱신.</translation>
    </message>
    <message>
        <source>⟲ Reset</source>
        <translation>⟲ 초기화</translation>
    </message>
    <message>
        <source>New random weights from the seed; the data stays.</source>
        <translation>시드로 새 무작위 가중치를 만듭니다. 데이터는 그대로입니다.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>Close visualnet.</source>
        <translation>visualnet을 닫습니다.</translation>
    </message>
    <message>
        <source>Time numerical gradient vs backprop</source>
        <translation>수치 미분 vs 역전파 시간 재기</translation>
    </message>
    <message>
        <source>Compute the gradient both ways on one batch and compare time and values.</source>
        <translation>한 배치에서 두 방법으로 기울기를 계산해 시간과 값을 비교합니다.</translation>
    </message>
    <message>
        <source>Presentation mode</source>
        <translation>발표 모드</translation>
    </message>
    <message>
        <source>Full screen with larger fonts, for a projector.</source>
        <translation>프로젝터용으로 큰 글꼴의 전체 화면.</translation>
    </message>
    <message>
        <source>Hide controls</source>
        <translation>조작 패널 숨기기</translation>
    </message>
    <message>
        <source>Hide the docks and toolbar so only the views show.</source>
        <translation>도크와 도구 모음을 숨겨 뷰만 보이게 합니다.</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>어두운 테마</translation>
    </message>
    <message>
        <source>Switch between the light and the dark colour theme.</source>
        <translation>밝은 색상 테마와 어두운 색상 테마를 바꿉니다.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>List the keyboard shortcuts.</source>
        <translation>단축키 목록을 봅니다.</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>실험</translation>
    </message>
    <message>
        <source>Show or hide the experiment settings.</source>
        <translation>실험 설정을 보이거나 숨깁니다.</translation>
    </message>
    <message>
        <source>Backprop debugger…</source>
        <translation>역전파 디버거…</translation>
    </message>
    <message>
        <source>Plant a bug in the backward pass and let the gradient check find it; the which-layer exercise; training diagnostics.</source>
        <translation>역전파에 버그를 심고 기울기 확인으로 찾아냅니다. 어느 층인지 맞히는 연습 문제, 훈련 진단도 있습니다.</translation>
    </message>
    <message>
        <source>Debugger</source>
        <translation>디버거</translation>
    </message>
    <message>
        <source>Show or hide the backprop debugger.</source>
        <translation>역전파 디버거를 보이거나 숨깁니다.</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>검사기</translation>
    </message>
    <message>
        <source>Show or hide the inspector of the clicked node or edge.</source>
        <translation>클릭한 노드나 연결선의 검사기를 보이거나 숨깁니다.</translation>
    </message>
    <message>
        <source>Show every text in {language}, without a restart: the session stays as it is.</source>
        <translation>다시 시작하지 않고 모든 글을 {language}로 보입니다: 세션은 그대로 유지됩니다.</translation>
    </message>
    <message>
        <source>visualnet — see the network learn</source>
        <translation>visualnet — 신경망이 학습하는 모습을 보세요</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Remove the bug</source>
        <translation>버그 없애기</translation>
    </message>
    <message>
        <source>Restore the correct backward pass.</source>
        <translation>올바른 역전파로 되돌립니다.</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>재생</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> 속도 </translation>
    </message>
    <message>
        <source>Playback speed: from slow motion (one event at a time) to 1000 training steps per frame.</source>
        <translation>재생 속도: 느린 동작(이벤트 하나씩)부터 프레임당 학습 1000스텝까지.</translation>
    </message>
    <message>
        <source>Reset network</source>
        <translation>신경망 초기화</translation>
    </message>
    <message>
        <source>Start again from fresh weights (the learning rate stays as you set it).</source>
        <translation>새 가중치로 다시 시작합니다 (학습률은 설정한 그대로).</translation>
    </message>
    <message>
        <source>⚠ {message} The last finite weights were kept; lower the learning rate or reset.</source>
        <translation>⚠ {message} 마지막으로 유한했던 가중치를 남겨 두었습니다. 학습률을 낮추거나 초기화하세요.</translation>
    </message>
    <message>
        <source>step {n}</source>
        <translation>스텝 {n}</translation>
    </message>
    <message>
        <source>epoch {e:.1f}</source>
        <translation>에폭 {e:.1f}</translation>
    </message>
    <message>
        <source>batch loss {loss:.4f}</source>
        <translation>배치 손실 {loss:.4f}</translation>
    </message>
    <message>
        <source>last batch loss {loss:.4f}</source>
        <translation>마지막 배치 손실 {loss:.4f}</translation>
    </message>
    <message>
        <source>event {i}/{n}: {what}</source>
        <translation>이벤트 {i}/{n}: {what}</translation>
    </message>
    <message>
        <source>Computing the numerical gradient: two loss evaluations per parameter…</source>
        <translation>수치 미분 계산 중: 매개변수마다 손실을 두 번 계산합니다…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Numerical gradient vs backprop</source>
        <translation>수치 미분 vs 역전파</translation>
    </message>
    <message>
        <source>Timing cancelled.</source>
        <translation>시간 재기를 취소했습니다.</translation>
    </message>
    <message>
        <source>Batch of {n}, {p} parameters.

backprop:  {b:.3f} ms
numerical: {num:.1f} ms  (2 forward passes per parameter)
ratio:     {ratio:,.0f}× slower

largest relative difference: {diff:.1e}</source>
        <translation>배치 {n}개, 매개변수 {p}개.

역전파:     {b:.3f} ms
수치 미분:  {num:.1f} ms  (매개변수마다 순전파 2번)
비율:       {ratio:,.0f}배 느림

가장 큰 상대 차이: {diff:.1e}</translation>
    </message>
    <message>
        <source>numerical gradient {ratio:,.0f}× slower than backprop, same values</source>
        <translation>수치 미분이 역전파보다 {ratio:,.0f}배 느림, 값은 같음</translation>
    </message>
    <message>
        <source>Space  play / pause
→  next event
←  previous event
Shift+→  one training step
R  reset the network
Ctrl+E  export the view
F11  presentation mode
Ctrl+H  hide the controls
F1  this help</source>
        <translation>Space  재생 / 일시 정지
→  다음 이벤트
←  이전 이벤트
Shift+→  학습 스텝 하나
R  신경망 초기화
Ctrl+E  뷰 내보내기
F11  발표 모드
Ctrl+H  조작 패널 숨기기
F1  이 도움말</translation>
    </message>
</context>
<context>
    <name>MapsPanel</name>
    <message>
        <source>Sample {s} of the batch (class {t}), step {n}: its input, then every conv and pooling layer&apos;s maps, each layer on its own colour scale.</source>
        <translation>배치의 샘플 {s} (클래스 {t}), 스텝 {n}: 입력, 그다음 모든 합성곱 계층과 풀링 계층의 맵. 층마다 색 척도가 따로 있습니다.</translation>
    </message>
    <message>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>input {c}</source>
        <translation>입력 {c}</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>neuron heatmaps</source>
        <translation>뉴런 히트맵</translation>
    </message>
    <message>
        <source>Inside every neuron, what it computes over the input plane (only for networks with 2 inputs). The dot marks the traced sample.</source>
        <translation>뉴런마다 입력 평면에서 계산하는 값을 안에 그립니다(입력이 2개인 신경망만). 점은 추적한 샘플입니다.</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>맞추기</translation>
    </message>
    <message>
        <source>Fit the whole network into the view (or double-click the graph). Wheel: zoom · drag: pan · click a neuron, edge or bias square: inspect it.</source>
        <translation>신경망 전체를 뷰에 맞춥니다(그래프를 더블클릭해도 됩니다). 휠: 확대 · 끌기: 이동 · 뉴런, 연결선, 편향 사각형 클릭: 자세히 보기.</translation>
    </message>
    <message>
        <source>sample {s}</source>
        <translation>샘플 {s}</translation>
    </message>
    <message>
        <source>forward ▶</source>
        <translation>순전파 ▶</translation>
    </message>
    <message>
        <source>◀ backward: ∂L/∂w = δ·a</source>
        <translation>◀ 역전파: ∂L/∂w = δ·a</translation>
    </message>
    <message>
        <source>{p} ← {p} − step</source>
        <translation>{p} ← {p} − 걸음</translation>
    </message>
</context>
<context>
    <name>OptimizerView</name>
    <message>
        <source>Optimizers · learning rate</source>
        <translation>옵티마이저 · 학습률</translation>
    </message>
    <message>
        <source>Another optimizer to race; it catches up from the start point.</source>
        <translation>경주에 넣을 다른 옵티마이저. 시작점에서부터 따라잡습니다.</translation>
    </message>
    <message>
        <source>+ add</source>
        <translation>+ 추가</translation>
    </message>
    <message>
        <source>Add the chosen optimizer to the race, with its default hyperparameters.</source>
        <translation>고른 옵티마이저를 기본 하이퍼파라미터로 경주에 넣습니다.</translation>
    </message>
    <message>
        <source>Surface</source>
        <translation>곡면</translation>
    </message>
    <message>
        <source>typed formula</source>
        <translation>입력한 식</translation>
    </message>
    <message>
        <source>The function the optimizers minimise. Click the plot to choose the start.</source>
        <translation>옵티마이저가 최소화할 함수. 그래프를 클릭해 시작점을 고르세요.</translation>
    </message>
    <message>
        <source>e.g. x**2 + 3*sin(y)</source>
        <translation>예: x**2 + 3*sin(y)</translation>
    </message>
    <message>
        <source>Your own surface in x and y (+ − * / **, exp, log, sin, …, where). It is parsed safely, never executed; its gradient is exact. Press Enter.</source>
        <translation>x와 y로 직접 만든 곡면 (+ − * / **, exp, log, sin, …, where). 안전하게 해석만 하고 실행하지 않으며, 기울기는 정확합니다. Enter를 누르세요.</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>기본 제공</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>경주</translation>
    </message>
    <message>
        <source>◀ back</source>
        <translation>◀ 뒤로</translation>
    </message>
    <message>
        <source>One step back for every optimizer, exactly (points and optimizer state).</source>
        <translation>모든 옵티마이저를 정확히 한 스텝 뒤로 (점과 옵티마이저 상태).</translation>
    </message>
    <message>
        <source>step ▶</source>
        <translation>스텝 ▶</translation>
    </message>
    <message>
        <source>One update for every optimizer.</source>
        <translation>모든 옵티마이저를 한 번 갱신합니다.</translation>
    </message>
    <message>
        <source>▶ play</source>
        <translation>▶ 재생</translation>
    </message>
    <message>
        <source>Run at the chosen speed (stops at {n} steps).</source>
        <translation>고른 속도로 실행합니다 ({n}스텝에서 멈춤).</translation>
    </message>
    <message>
        <source>⟲ reset</source>
        <translation>⟲ 초기화</translation>
    </message>
    <message>
        <source>Every point back to the start, fresh optimizer state.</source>
        <translation>모든 점을 시작점으로 되돌리고 옵티마이저 상태를 새로 만듭니다.</translation>
    </message>
    <message>
        <source>From slow motion to many updates per frame.</source>
        <translation>느린 동작부터 프레임당 여러 번 갱신까지.</translation>
    </message>
    <message>
        <source>⌂ default start</source>
        <translation>⌂ 기본 시작점</translation>
    </message>
    <message>
        <source>Restart from the surface&apos;s default start point (click the plot for any other).</source>
        <translation>곡면의 기본 시작점에서 다시 시작합니다 (다른 곳은 그래프를 클릭하세요).</translation>
    </message>
    <message>
        <source>arrow: {kind}</source>
        <translation>화살표: {kind}</translation>
    </message>
    <message>
        <source>Textbook preset</source>
        <translation>교재 예제</translation>
    </message>
    <message>
        <source>x²/20 + y² from (−7, 2): SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3, 30 steps.</source>
        <translation>(−7, 2)에서 시작하는 x²/20 + y²: SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3, 30스텝.</translation>
    </message>
    <message>
        <source>2×2 grid</source>
        <translation>2×2 격자</translation>
    </message>
    <message>
        <source>One small plot per optimizer, like the book&apos;s figure.</source>
        <translation>교재의 그림처럼 옵티마이저마다 작은 그래프 하나.</translation>
    </message>
    <message>
        <source>Hyperparameters (live)</source>
        <translation>하이퍼파라미터 (실시간)</translation>
    </message>
    <message>
        <source>Whose hyperparameters to edit. Changes apply at the next step; momentum and accumulators are kept.</source>
        <translation>하이퍼파라미터를 고칠 옵티마이저. 바꾼 값은 다음 스텝부터 적용되고 모멘텀과 누적값은 유지됩니다.</translation>
    </message>
    <message>
        <source>{name}&apos;s learning rate</source>
        <translation>{name}의 학습률</translation>
    </message>
    <message>
        <source>Learning rate, log scale 1e-4 … 10: changes live, the optimizer keeps its momentum and accumulators.</source>
        <translation>학습률, 로그 눈금 1e-4 … 10: 실시간으로 바뀌며 옵티마이저는 모멘텀과 누적값을 유지합니다.</translation>
    </message>
    <message>
        <source>Remove {name} from the race.</source>
        <translation>{name}을 경주에서 뺍니다.</translation>
    </message>
    <message>
        <source>loss per iteration</source>
        <translation>반복별 손실</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>반복</translation>
    </message>
    <message>
        <source>start — click to move</source>
        <translation>시작점 — 클릭해 옮기기</translation>
    </message>
    <message>
        <source>f or ∇f is not finite at ({x}, {y}); click where the surface is defined</source>
        <translation>({x}, {y})에서 f나 ∇f가 유한하지 않습니다. 곡면이 정의된 곳을 클릭하세요</translation>
    </message>
    <message>
        <source>f has no finite value anywhere in the view</source>
        <translation>뷰 안 어디에서도 f가 유한하지 않습니다</translation>
    </message>
    <message>
        <source>⏸ pause</source>
        <translation>⏸ 일시 정지</translation>
    </message>
    <message>
        <source>step {n}</source>
        <translation>스텝 {n}</translation>
    </message>
    <message>
        <source>{name} diverged at step {step}</source>
        <translation>{name}이 스텝 {step}에서 발산</translation>
    </message>
</context>
<context>
    <name>PlotItem</name>
    <message>
        <source>Plot Options</source>
        <translation>그래프 옵션</translation>
    </message>
    <message>
        <source>Transforms</source>
        <translation>변환</translation>
    </message>
    <message>
        <source>Downsample</source>
        <translation>다운샘플링</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>투명도</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>격자</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>점</translation>
    </message>
</context>
<context>
    <name>PointEditor</name>
    <message>
        <source>✎ Edit points</source>
        <translation>✎ 점 편집</translation>
    </message>
    <message>
        <source>Draw your own data: click adds a point, Shift-click one of the second class, right-click erases, drag moves. The network keeps training on the edited points with its weights.</source>
        <translation>데이터를 직접 그려 보세요: 클릭하면 점을 추가하고, Shift+클릭하면 두 번째 클래스의 점을, 오른쪽 클릭은 지우고, 끌면 옮깁니다. 신경망은 지금의 가중치로 편집한 점에서 계속 훈련합니다.</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>클래스</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>클래스 수</translation>
    </message>
    <message>
        <source>How many classes the points have (2–5); a new number of classes gives the network a new output layer.</source>
        <translation>점의 클래스 수(2–5). 클래스 수가 바뀌면 신경망에 새 출력층이 생깁니다.</translation>
    </message>
    <message>
        <source>Target y</source>
        <translation>정답 y</translation>
    </message>
    <message>
        <source>The target value of the next point you add.</source>
        <translation>다음에 추가할 점의 정답 값.</translation>
    </message>
    <message>
        <source>Click adds a point (Shift-click: the second class).</source>
        <translation>클릭하면 점을 추가합니다 (Shift+클릭: 두 번째 클래스).</translation>
    </message>
    <message>
        <source>Click erases the point under the mouse (right-click erases with any tool).</source>
        <translation>클릭하면 마우스 아래의 점을 지웁니다 (오른쪽 클릭은 어느 도구로든 지웁니다).</translation>
    </message>
    <message>
        <source>Click makes a point a test point (diamond) or a training point again.</source>
        <translation>클릭하면 점을 시험 데이터(마름모)로, 또는 다시 훈련 데이터로 바꿉니다.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Train/test</source>
        <translation>훈련/시험</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <source>Take the last edit back (Ctrl+Z).</source>
        <translation>마지막 편집을 되돌립니다 (Ctrl+Z).</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Do the edit again (Ctrl+Shift+Z).</source>
        <translation>편집을 다시 실행합니다 (Ctrl+Shift+Z).</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>모두 지우기</translation>
    </message>
    <message>
        <source>Remove every point, to draw a data set from nothing (undo brings them back).</source>
        <translation>모든 점을 지우고 빈 곳에서 데이터셋을 그립니다 (되돌리기로 복구).</translation>
    </message>
    <message>
        <source>Clicks add points of class {name}.</source>
        <translation>클릭하면 클래스 {name}의 점을 추가합니다.</translation>
    </message>
    <message>
        <source>Not done: {reason}</source>
        <translation>하지 못했습니다: {reason}</translation>
    </message>
    <message>
        <source>Not applied yet: {reason}</source>
        <translation>아직 적용하지 않았습니다: {reason}</translation>
    </message>
    <message>
        <source>{n} points ({test} test): training on them, weights kept.</source>
        <translation>점 {n}개 (시험 {test}개): 가중치를 유지한 채 이 점들로 훈련합니다.</translation>
    </message>
    <message>
        <source>{n} points ({test} test): the network was rebuilt for them ({why}).</source>
        <translation>점 {n}개 (시험 {test}개): 이 점들에 맞게 신경망을 새로 만들었습니다 ({why}).</translation>
    </message>
    <message>
        <source>new data</source>
        <translation>새 데이터</translation>
    </message>
    <message>
        <source>Scaled into the view: {lines}</source>
        <translation>화면에 맞게 조정: {lines}</translation>
    </message>
</context>
<context>
    <name>PoolingPanel</name>
    <message>
        <source>max</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>average</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>pooling</source>
        <translation>풀링</translation>
    </message>
    <message>
        <source>shift the input by one pixel</source>
        <translation>입력을 한 픽셀 옮기기</translation>
    </message>
    <message>
        <source>Move the sample one pixel to the right and compare every conv and pooling layer&apos;s maps with the unshifted ones</source>
        <translation>샘플을 오른쪽으로 한 픽셀 옮기고, 모든 합성곱 계층과 풀링 계층의 맵을 옮기기 전과 비교합니다</translation>
    </message>
    <message>
        <source>{conv}, pooled {k}×{k} here (S = {s})</source>
        <translation>{conv}, 여기서 {k}×{k} 풀링 (S = {s})</translation>
    </message>
    <message>
        <source>input, channel {c}</source>
        <translation>입력, 채널 {c}</translation>
    </message>
    <message>
        <source>window</source>
        <translation>창</translation>
    </message>
    <message>
        <source>max pool</source>
        <translation>최대 풀링</translation>
    </message>
    <message>
        <source>average pool</source>
        <translation>평균 풀링</translation>
    </message>
    <message>
        <source>{name} {k}×{k}, S = {s}</source>
        <translation>{name} {k}×{k}, S = {s}</translation>
    </message>
    <message>
        <source>the winner is marked green: backward, all of δ goes to it</source>
        <translation>최댓값 칸은 초록색으로 표시: 역전파에서 δ가 모두 그 칸으로 갑니다</translation>
    </message>
    <message>
        <source>backward, every cell of the window gets δ/{n}</source>
        <translation>역전파에서 창의 모든 칸이 δ/{n}을 받습니다</translation>
    </message>
    <message>
        <source>(what this pooling would give: the network&apos;s layer pools differently)</source>
        <translation>(이 풀링이라면 나올 값: 신경망의 층은 다르게 풀링합니다)</translation>
    </message>
    <message>
        <source>(pooled here: this network has no pooling layer)</source>
        <translation>(여기서 풀링: 이 신경망에는 풀링 계층이 없습니다)</translation>
    </message>
    <message>
        <source>window ({r}, {c}) of {oh}×{ow}</source>
        <translation>{oh}×{ow}의 창 ({r}, {c})</translation>
    </message>
    <message>
        <source>The pooled maps change less than the conv maps: pooling keeps a window&apos;s strongest response wherever in the window it lies.</source>
        <translation>풀링한 맵이 합성곱 맵보다 덜 바뀝니다: 풀링은 창 안 어디에 있든 가장 강한 반응을 남깁니다.</translation>
    </message>
    <message>
        <source>Here the pooled maps change as much as the conv maps: a one-pixel move crossed the pooling windows&apos; borders.</source>
        <translation>여기서는 풀링한 맵이 합성곱 맵만큼 바뀝니다: 한 픽셀 이동이 풀링 창의 경계를 넘었습니다.</translation>
    </message>
    <message>
        <source>How much each layer&apos;s maps change (‖after − before‖ / ‖before‖) when the sample moves one pixel right (current weights):</source>
        <translation>샘플이 오른쪽으로 한 픽셀 움직일 때 층마다 맵이 바뀌는 정도 (‖후 − 전‖ / ‖전‖, 현재 가중치):</translation>
    </message>
</context>
<context>
    <name>SandboxPanel</name>
    <message>
        <source>N: the input is N×N</source>
        <translation>N: 입력 크기 N×N</translation>
    </message>
    <message>
        <source>F: the filter (kernel) is F×F</source>
        <translation>F: 필터(커널) 크기 F×F</translation>
    </message>
    <message>
        <source>P: zeros added on every side</source>
        <translation>P: 사방에 덧붙이는 0 (패딩)</translation>
    </message>
    <message>
        <source>S: how far the window moves each step</source>
        <translation>S: 창이 한 번에 움직이는 거리 (스트라이드)</translation>
    </message>
    <message>
        <source>typed</source>
        <translation>직접 입력</translation>
    </message>
    <message>
        <source>brush</source>
        <translation>붓</translation>
    </message>
    <message>
        <source>Dragging over the input paints this value</source>
        <translation>입력 위를 끌면 이 값으로 칠합니다</translation>
    </message>
    <message>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>필터</translation>
    </message>
    <message>
        <source>drag over the input to draw · double-click a cell to type · click an output cell</source>
        <translation>입력 위를 끌어 그리기 · 칸을 두 번 클릭해 입력 · 출력 칸 클릭</translation>
    </message>
    <message>
        <source>input {n}×{n}, padded by {p}</source>
        <translation>입력 {n}×{n}, 패딩 {p}</translation>
    </message>
    <message>
        <source>input {n}×{n}</source>
        <translation>입력 {n}×{n}</translation>
    </message>
    <message>
        <source>kernel {f}×{f}</source>
        <translation>필터 {f}×{f}</translation>
    </message>
    <message>
        <source>no output</source>
        <translation>출력 없음</translation>
    </message>
    <message>
        <source>output size {formula}</source>
        <translation>출력 크기 {formula}</translation>
    </message>
    <message>
        <source>output {m}×{m}</source>
        <translation>출력 {m}×{m}</translation>
    </message>
    <message>
        <source>output[{r}, {c}] = {sum}</source>
        <translation>출력[{r}, {c}] = {sum}</translation>
    </message>
</context>
<context>
    <name>ScheduleBox</name>
    <message>
        <source>How the learning rate changes during training (torch.optim.lr_scheduler).</source>
        <translation>훈련 중에 학습률이 바뀌는 방식 (torch.optim.lr_scheduler).</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>학습률 스케줄</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>The learning rate of each training step with this schedule, from the learning rate above.</source>
        <translation>위의 학습률에서 시작해, 이 스케줄에 따른 학습 스텝별 학습률.</translation>
    </message>
    <message>
        <source>{key}: a hyperparameter of the {name} schedule (torch&apos;s name). {what}</source>
        <translation>{key}: {name} 스케줄의 하이퍼파라미터 (torch의 이름). {what}</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>정수</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>수</translation>
    </message>
    <message>
        <source>{key}: {text} is not {kind}</source>
        <translation>{key}: {text}은(는) {kind}가 아닙니다</translation>
    </message>
</context>
<context>
    <name>SequenceView</name>
    <message>
        <source>This network has no recurrent layer, so there is nothing to unroll in time.

Open a recurrent lesson (Lessons → rnn_hihello, rnn_sine or rnn_vs_lstm_memory) or give the network an rnn, lstm or gru layer on sequence data in the settings.</source>
        <translation>이 신경망에는 순환 계층이 없어서 시간에 따라 펼칠 것이 없습니다.

순환 신경망 수업(수업 예제 → rnn_hihello, rnn_sine, rnn_vs_lstm_memory)을 열거나, 설정에서 시퀀스 데이터에 rnn, lstm, gru 층을 넣으세요.</translation>
    </message>
    <message>
        <source>◀ time step</source>
        <translation>◀ 시간 스텝</translation>
    </message>
    <message>
        <source>Go back one time step (or event) exactly: forward through time, then backpropagation through time from the last step to the first.</source>
        <translation>정확히 시간 스텝(또는 이벤트) 하나만큼 뒤로 갑니다: 시간 순서의 순전파, 그다음 마지막 스텝에서 첫 스텝까지 시간을 거스르는 역전파.</translation>
    </message>
    <message>
        <source>time step ▶</source>
        <translation>시간 스텝 ▶</translation>
    </message>
    <message>
        <source>Advance one time step: through the recurrent layer from the first step to the last, then back through time; other layers one event.</source>
        <translation>시간 스텝 하나를 나아갑니다: 순환 계층을 첫 스텝부터 마지막 스텝까지 지난 뒤 시간을 거슬러 돌아옵니다. 다른 층은 이벤트 하나씩.</translation>
    </message>
    <message>
        <source>gate by gate</source>
        <translation>게이트별로</translation>
    </message>
    <message>
        <source>Stop at every gate of an LSTM or GRU step before its new state.</source>
        <translation>LSTM이나 GRU 스텝에서 새 상태 전에 게이트마다 멈춥니다.</translation>
    </message>
    <message>
        <source>{kind} layer, {T} time steps, {H} units: press “time step ▶” to read a sequence through it one step at a time.</source>
        <translation>{kind} 층, 시간 스텝 {T}개, 뉴런 {H}개: “시간 스텝 ▶”을 누르면 시퀀스를 한 스텝씩 읽습니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;forward, step t = {t}&lt;/b&gt; — gate {gate} ({name}): {formula}</source>
        <translation>&lt;b&gt;순전파, 스텝 t = {t}&lt;/b&gt; — 게이트 {gate} ({name}): {formula}</translation>
    </message>
    <message>
        <source>&lt;b&gt;forward through time, step t = {t} of {T}&lt;/b&gt;: the pre-activations, the gates and the new state (formulas: hover here)</source>
        <translation>&lt;b&gt;시간 순서의 순전파, 스텝 t = {t}/{T}&lt;/b&gt;: 활성화 전 값, 게이트, 새 상태 (수식: 여기에 마우스를 올리세요)</translation>
    </message>
    <message>
        <source>&lt;b&gt;forward through time, step t = {t} of {T}&lt;/b&gt;: {formula}</source>
        <translation>&lt;b&gt;시간 순서의 순전파, 스텝 t = {t}/{T}&lt;/b&gt;: {formula}</translation>
    </message>
    <message>
        <source>&lt;b&gt;backpropagation through time, step t = {t}&lt;/b&gt; (last → first): ‖∂L/∂h_t‖ = {norm} · this step&apos;s share of ∂L/∂{wh} = h_(t−1)ᵀ·δ_t, norm {share}</source>
        <translation>&lt;b&gt;시간을 거스르는 역전파, 스텝 t = {t}&lt;/b&gt; (마지막 → 처음): ‖∂L/∂h_t‖ = {norm} · ∂L/∂{wh}에서 이 스텝의 몫 = h_(t−1)ᵀ·δ_t, 노름 {share}</translation>
    </message>
    <message>
        <source>forward: the layers above the {kind} act on every step&apos;s h_t</source>
        <translation>순전파: {kind} 위의 층들이 스텝마다 h_t에 작용합니다</translation>
    </message>
    <message>
        <source>the loss, averaged over every time step&apos;s prediction</source>
        <translation>모든 시간 스텝의 예측에 대해 평균 낸 손실</translation>
    </message>
    <message>
        <source>backward through the layers above the {kind} layer</source>
        <translation>{kind} 층 위의 층들을 거치는 역전파</translation>
    </message>
    <message>
        <source>update: the optimizer changes the shared weights once for all steps</source>
        <translation>갱신: 옵티마이저가 공유 가중치를 모든 스텝에 대해 한 번 바꿉니다</translation>
    </message>
    <message>
        <source>&lt;b&gt;step {n}&lt;/b&gt; — {what}</source>
        <translation>&lt;b&gt;스텝 {n}&lt;/b&gt; — {what}</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Handwritten digits 0–9 (28×28 pixels) read from a folder holding the MNIST files.</source>
        <translation>MNIST 파일이 있는 폴더에서 읽는 0–9 손글씨 숫자 (28×28 픽셀).</translation>
    </message>
    <message>
        <source>MNIST (folder…)</source>
        <translation>MNIST (폴더…)</translation>
    </message>
    <message>
        <source>text file (choose file…)</source>
        <translation>텍스트 파일 (파일 선택…)</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>점 개수</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>스텝 수</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>기호 수</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>스트라이드</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>게이트</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>잡음</translation>
    </message>
    <message>
        <source>Test split</source>
        <translation>시험 비율</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>구조</translation>
    </message>
    <message>
        <source>No hidden layer: the inputs feed the output directly (a single-layer perceptron).</source>
        <translation>은닉층 없음: 입력이 출력층으로 바로 들어갑니다 (단층 퍼셉트론).</translation>
    </message>
    <message>
        <source>+ layer</source>
        <translation>+ 층</translation>
    </message>
    <message>
        <source>dropout, batch norm</source>
        <translation>드롭아웃, 배치 정규화</translation>
    </message>
    <message>
        <source>Output + loss</source>
        <translation>출력 + 손실</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>훈련</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Batch seed</source>
        <translation>배치 시드</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>배치 뽑기</translation>
    </message>
    <message>
        <source>The {key} hyperparameter of {name}.</source>
        <translation>{name}의 하이퍼파라미터 {key}.</translation>
    </message>
    <message>
        <source>{p} % test</source>
        <translation>시험 {p} %</translation>
    </message>
    <message>
        <source>Sequences</source>
        <translation>시퀀스 수</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지 수</translation>
    </message>
    <message>
        <source>A UTF-8 text file (up to 100 kB)</source>
        <translation>UTF-8 텍스트 파일 (100 kB까지)</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>텍스트 파일 (*.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Folder with the MNIST files</source>
        <translation>MNIST 파일이 있는 폴더</translation>
    </message>
    <message>
        <source>No MNIST files in {folder}: expected t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz), or mnist.npz{reason}.</source>
        <translation>{folder}에 MNIST 파일이 없습니다: t10k-images-idx3-ubyte(.gz)와 t10k-labels-idx1-ubyte(.gz), 또는 mnist.npz가 있어야 합니다{reason}.</translation>
    </message>
    <message>
        <source>File {path}: {n:,} windows of {t} characters; vocabulary of {k}: {vocabulary}</source>
        <translation>파일 {path}: {t}글자짜리 창 {n:,}개, 어휘 {k}개: {vocabulary}</translation>
    </message>
    <message>
        <source>the test set only</source>
        <translation>시험 데이터만</translation>
    </message>
    <message>
        <source>the training set</source>
        <translation>훈련 데이터</translation>
    </message>
    <message>
        <source>Folder {folder}: found {source} — {which}, {n:,} images used; split {train:,} for training / {test:,} for testing.</source>
        <translation>폴더 {folder}: {source} 찾음 — {which}, 이미지 {n:,}개 사용. 훈련 {train:,}개 / 시험 {test:,}개로 나눔.</translation>
    </message>
    <message>
        <source>{activation} + {loss} (as loaded)</source>
        <translation>{activation} + {loss} (불러온 그대로)</translation>
    </message>
    <message>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>output</source>
        <translation>출력</translation>
    </message>
    <message numerus="yes">
        <source>%n input(s)</source>
        <translation>
            <numerusform>입력 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>{shape} input</source>
        <translation>입력 {shape}</translation>
    </message>
    <message numerus="yes">
        <source>%n output(s)</source>
        <translation>
            <numerusform>출력 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>{shape} output</source>
        <translation>출력 {shape}</translation>
    </message>
    <message>
        <source>{n:,} weights and biases</source>
        <translation>가중치와 편향 {n:,}개</translation>
    </message>
    <message>
        <source>{n:,} weights and biases, {frozen:,} of them frozen</source>
        <translation>가중치와 편향 {n:,}개, 그중 {frozen:,}개 고정</translation>
    </message>
    <message>
        <source>Input: {what}</source>
        <translation>입력: {what}</translation>
    </message>
    <message>
        <source>{name} (as loaded)</source>
        <translation>{name} (불러온 그대로)</translation>
    </message>
    <message>
        <source>Random weights with this standard deviation.</source>
        <translation>이 표준편차의 무작위 가중치.</translation>
    </message>
    <message>
        <source>Not applied: {reason}</source>
        <translation>적용하지 않음: {reason}</translation>
    </message>
    <message>
        <source>Data changed — the network was rebuilt with new weights.</source>
        <translation>데이터가 바뀌어 신경망을 새 가중치로 다시 만들었습니다.</translation>
    </message>
    <message>
        <source>Architecture changed — the network was rebuilt with new weights.</source>
        <translation>구조가 바뀌어 신경망을 새 가중치로 다시 만들었습니다.</translation>
    </message>
    <message>
        <source>Applied; the weights were kept.</source>
        <translation>적용했습니다. 가중치는 그대로입니다.</translation>
    </message>
</context>
<context>
    <name>Speed</name>
    <message>
        <source>slow motion: 1 event / 1.2 s</source>
        <translation>느리게: 1.2초에 이벤트 1개</translation>
    </message>
    <message>
        <source>1 event / 0.6 s</source>
        <translation>0.6초에 이벤트 1개</translation>
    </message>
    <message>
        <source>1 event / 0.25 s</source>
        <translation>0.25초에 이벤트 1개</translation>
    </message>
    <message>
        <source>1 event / frame</source>
        <translation>프레임당 이벤트 1개</translation>
    </message>
    <message>
        <source>1 step / 0.5 s</source>
        <translation>0.5초에 1스텝</translation>
    </message>
    <message>
        <source>1 step / frame</source>
        <translation>프레임당 1스텝</translation>
    </message>
    <message>
        <source>3 steps / frame</source>
        <translation>프레임당 3스텝</translation>
    </message>
    <message>
        <source>10 steps / frame</source>
        <translation>프레임당 10스텝</translation>
    </message>
    <message>
        <source>30 steps / frame</source>
        <translation>프레임당 30스텝</translation>
    </message>
    <message>
        <source>100 steps / frame</source>
        <translation>프레임당 100스텝</translation>
    </message>
    <message>
        <source>300 steps / frame</source>
        <translation>프레임당 300스텝</translation>
    </message>
    <message>
        <source>1000 steps / frame</source>
        <translation>프레임당 1000스텝</translation>
    </message>
</context>
<context>
    <name>StepBar</name>
    <message>
        <source>◀ Step back</source>
        <translation>◀ 뒤로</translation>
    </message>
    <message>
        <source>The previous output cell</source>
        <translation>이전 출력 칸</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>다음 ▶</translation>
    </message>
    <message>
        <source>The next output cell</source>
        <translation>다음 출력 칸</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 재생</translation>
    </message>
    <message>
        <source>Move through the output cells one by one</source>
        <translation>출력 칸을 하나씩 차례로 지나갑니다</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ 일시 정지</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <source>Batch loss: the mini-batch just trained on. Train and test loss and accuracy: the whole sets, evaluated every few steps.</source>
        <translation>배치 손실: 방금 학습한 미니배치의 손실. 훈련·시험 손실과 정확도: 전체 데이터로 몇 스텝마다 평가.</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>로그 눈금</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis, where late, small improvements stay visible.</source>
        <translation>손실을 로그 축에 보여 나중의 작은 개선도 보이게 합니다.</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>학습 스텝</translation>
    </message>
    <message>
        <source>loss L — {name}</source>
        <translation>손실 L — {name}</translation>
    </message>
    <message>
        <source>learning rate — {name} schedule</source>
        <translation>학습률 — {name} 스케줄</translation>
    </message>
    <message>
        <source>L (log scale)</source>
        <translation>L (로그 눈금)</translation>
    </message>
    <message>
        <source>step &lt;b&gt;{n}&lt;/b&gt;</source>
        <translation>스텝 &lt;b&gt;{n}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>epoch &lt;b&gt;{n}&lt;/b&gt;</source>
        <translation>에폭 &lt;b&gt;{n}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>batch loss</source>
        <translation>배치 손실</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>훈련 손실</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>시험 손실</translation>
    </message>
    <message>
        <source>train acc</source>
        <translation>훈련 정확도</translation>
    </message>
    <message>
        <source>test acc</source>
        <translation>시험 정확도</translation>
    </message>
</context>
<context>
    <name>TransferPanel</name>
    <message>
        <source>Test accuracy after the same training steps</source>
        <translation>같은 학습 스텝 뒤의 시험 정확도</translation>
    </message>
    <message>
        <source>training steps</source>
        <translation>학습 스텝</translation>
    </message>
    <message>
        <source>test accuracy (%)</source>
        <translation>시험 정확도 (%)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Pretraining on the source classes for {n} steps, then training both networks for {m} steps on the same batches…</source>
        <translation>원래 클래스로 {n}스텝 사전 학습한 뒤, 같은 배치로 두 신경망을 {m}스텝 훈련하는 중…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>취소했습니다.</translation>
    </message>
    <message>
        <source>Run the comparison</source>
        <translation>비교 실행</translation>
    </message>
    <message>
        <source>Pretrain, freeze, transfer, and race against training from scratch, in the background (about a second). Press again to cancel.</source>
        <translation>사전 학습, 고정, 전이 후 처음부터 훈련한 신경망과 백그라운드에서 경주합니다 (약 1초). 다시 누르면 취소합니다.</translation>
    </message>
    <message>
        <source>No layer is frozen: set &quot;trainable&quot; off for the conv layers to transfer (the transfer_learning lesson does), then run the comparison.</source>
        <translation>고정된 층이 없습니다: 전이할 합성곱 계층의 “학습”을 끄고(transfer_learning 수업이 그렇게 합니다) 비교를 실행하세요.</translation>
    </message>
    <message>
        <source>1. A copy of this network learns other classes (bars and diagonals) for {n} steps. 2. Its frozen layers ({layers}) are copied here and stay fixed; only the rest learns the lesson&apos;s classes. 3. The same network, every layer trainable, learns them from scratch. Both see the same batches.</source>
        <translation>1. 이 신경망의 복사본이 다른 클래스(막대와 대각선)를 {n}스텝 학습합니다. 2. 그 고정된 층({layers})을 여기로 복사해 고정하고, 나머지만 이 수업의 클래스를 학습합니다. 3. 모든 층을 학습하는 같은 신경망이 처음부터 학습합니다. 둘 다 같은 배치를 봅니다.</translation>
    </message>
    <message>
        <source>transferred (frozen conv, new head)</source>
        <translation>전이 (고정한 합성곱, 새 출력부)</translation>
    </message>
    <message>
        <source>from scratch (every layer trained)</source>
        <translation>처음부터 (모든 층 학습)</translation>
    </message>
    <message>
        <source>After {n} steps: transferred {t} %, from scratch {s} % (the pretraining reached {p} % on its own classes).</source>
        <translation>{n}스텝 뒤: 전이 {t} %, 처음부터 {s} % (사전 학습은 자기 클래스에서 {p} %에 도달).</translation>
    </message>
</context>
<context>
    <name>ViewBox</name>
    <message>
        <source>ViewBox options</source>
        <translation>보기 상자 옵션</translation>
    </message>
    <message>
        <source>View All</source>
        <translation>전체 보기</translation>
    </message>
    <message>
        <source>axis</source>
        <translation>축</translation>
    </message>
    <message>
        <source>Mouse Mode</source>
        <translation>마우스 모드</translation>
    </message>
    <message>
        <source>3 button</source>
        <translation>3버튼</translation>
    </message>
    <message>
        <source>1 button</source>
        <translation>1버튼</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Network</source>
        <translation>신경망</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>훈련</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>기울기</translation>
    </message>
    <message>
        <source>Distributions</source>
        <translation>분포</translation>
    </message>
    <message>
        <source>Optimizers</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>손실 지형</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>시퀀스</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>합성곱</translation>
    </message>
</context>
</TS>
