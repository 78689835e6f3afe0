/**
 * Runs at most `concurrency` tasks at once. Urgent tasks (a warmed unit's
 * sibling passes, which read its fresh cache) go before normal ones.
 */
export class Limiter {
  private running = 0
  private readonly urgent: Array<() => void> = []
  private readonly normal: Array<() => void> = []

  constructor(private readonly concurrency: number) {}

  run<T>(task: () => Promise<T>, urgent = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.running++
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--
            this.next()
          })
      }
      ;(urgent ? this.urgent : this.normal).push(start)
      this.next()
    })
  }

  private next(): void {
    while (this.running < this.concurrency) {
      const start = this.urgent.shift() ?? this.normal.shift()
      if (!start) return
      start()
    }
  }
}
